package dev.hermes.agent.mbean;

import dev.hermes.agent.support.Log;
import java.util.function.Consumer;

/** The JMX bridge's problems, one {@code [hermes] ... jmx: } line each (a class, not a lambda). */
public final class JmxLines implements Consumer<String> {
  @Override
  public void accept(String line) {
    Log.warn("jmx: " + line);
  }
}
