package dev.hermes.it.webapp;

import dev.hermes.api.Hermes;
import dev.hermes.api.StatusChange;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * The listener of WebappsIT's webapps, each of which bundles hermes-api in WEB-INF/lib: on start it
 * reports {@code webapp.<name>.started} and whether it sees the agent's {@code status}, and
 * subscribes to {@code webapp.} without ever closing the subscription (the agent must not keep it
 * once the webapp is gone), reporting the last key it heard as {@code listened.<name>}; on stop it
 * reports {@code webapp.<name>.stopped}.
 */
public class Reporter implements ServletContextListener {
  private String name;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    name = event.getServletContext().getContextPath().substring(1);
    String listened = "listened." + name;
    Hermes.subscribe(
        "webapp.",
        change -> {
          if (change.kind() == StatusChange.Kind.SET) {
            Hermes.report(listened, change.key());
          }
        });
    Hermes.report(
        "webapp." + name + ".sees_agent", String.valueOf(Hermes.get("status").isPresent()));
    Hermes.report("webapp." + name + ".started", "yes");
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    Hermes.report("webapp." + name + ".stopped", "yes");
  }
}
