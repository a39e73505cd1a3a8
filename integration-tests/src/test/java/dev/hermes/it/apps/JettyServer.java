package dev.hermes.it.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * A Jetty 12 server as its distribution's ee10 deploy module runs one: each {@code NAME.war} in the
 * directory given deployed at {@code /NAME} by a {@code WebAppContext} (its own child-first {@code
 * WebAppClassLoader}); a line {@code undeploy NAME} on stdin stops and removes that webapp. No
 * connector: the test reads the webapps' keys at the Hermes endpoint.
 */
public final class JettyServer {
  private JettyServer() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    server.setHandler(contexts);
    Map<String, WebAppContext> deployed = new HashMap<>();
    try (Stream<Path> wars = Files.list(Path.of(args[0]))) {
      for (Path war : (Iterable<Path>) wars.sorted()::iterator) {
        String name = war.getFileName().toString().replaceFirst("\\.war$", "");
        WebAppContext webapp = new WebAppContext(war.toString(), "/" + name);
        contexts.addHandler(webapp);
        deployed.put(name, webapp);
      }
    }
    server.start();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("undeploy ")) {
        WebAppContext webapp = deployed.remove(line.substring("undeploy ".length()));
        webapp.stop();
        contexts.removeHandler(webapp);
        webapp.destroy();
      }
    }
    server.join();
  }
}
