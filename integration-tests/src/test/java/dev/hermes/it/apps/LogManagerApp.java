package dev.hermes.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * An app that chooses its own JUL LogManager after the agent has served requests, as JBoss-style
 * servers do in main: it prints the LogManager class it got.
 */
public final class LogManagerApp {
  private LogManagerApp() {}

  /** The app's own LogManager. */
  public static final class Custom extends LogManager {}

  public static void main(String[] args) throws Exception {
    String url = null;
    for (int i = 0; i < 400 && url == null; i++) {
      url = System.getProperty("hermes.url");
      Thread.sleep(25);
    }
    URI uri = URI.create(url);
    for (String path : new String[] {"/", "/?type=json", "/missing"}) {
      try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
        OutputStream out = s.getOutputStream();
        out.write(
            ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = s.getInputStream()) {
          in.readAllBytes();
        }
      }
    }
    System.setProperty("java.util.logging.manager", Custom.class.getName());
    System.out.println("log manager: " + LogManager.getLogManager().getClass().getName());
  }
}
