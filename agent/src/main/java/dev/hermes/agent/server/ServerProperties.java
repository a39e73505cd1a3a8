package dev.hermes.agent.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration Hermes's private copy of the JDK's HTTP server reads in place of system
 * properties ({@link ServerClassPatcher} points its {@code Long.getLong}, {@code
 * Integer.getInteger}, {@code Boolean.getBoolean} and {@code System.getProperty} calls here): the
 * settings below, and for any other name the real system property. No system property is ever set,
 * so the host never sees Hermes's values, even for a moment, and keeps its own.
 */
public final class ServerProperties {
  /**
   * The most connections the server keeps open; a further one is closed as soon as it is accepted.
   */
  public static final int MAX_CONNECTIONS = 256;

  /**
   * The seconds a client has to send its whole request, head and body, from its first byte (the JDK
   * server's {@code maxReqTime}): the server moves a connection out of its request state only once
   * the body's last byte is read, so a slow body is cut off too.
   */
  public static final int MAX_REQUEST_SECONDS = 5;

  /** The JDK server's settings for Hermes: see SECURITY.md's "Bounds". */
  static final Map<String, String> TUNING = tuning();

  private ServerProperties() {}

  private static Map<String, String> tuning() {
    Map<String, String> tuning = new LinkedHashMap<>();
    // Without TCP_NODELAY the JDK server manages ~90 keep-alive requests/s.
    tuning.put("sun.net.httpserver.nodelay", "true");
    // A client has 5 s (in seconds on JDK 17 and 25) to send its request, head and body: the
    // server's timer closes a connection still reading its request after that, so neither slow
    // headers (slowloris) nor a slow body hold a connection and its worker longer.
    tuning.put("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
    tuning.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    tuning.put("sun.net.httpserver.maxReqHeaders", "100");
    tuning.put("sun.net.httpserver.maxReqHeaderSize", "65536");
    return Map.copyOf(tuning);
  }

  /** Stands in for {@code Long.getLong(name, fallback)}. */
  public static Long getLong(String name, long fallback) {
    String value = TUNING.get(name);
    if (value == null) {
      return Long.getLong(name, fallback);
    }
    return Long.valueOf(value);
  }

  /** Stands in for {@code Integer.getInteger(name, fallback)}. */
  public static Integer getInteger(String name, int fallback) {
    String value = TUNING.get(name);
    if (value == null) {
      return Integer.getInteger(name, fallback);
    }
    return Integer.valueOf(value);
  }

  /** Stands in for {@code Boolean.getBoolean(name)}. */
  public static boolean getBoolean(String name) {
    String value = TUNING.get(name);
    return value == null ? Boolean.getBoolean(name) : Boolean.parseBoolean(value);
  }

  /** Stands in for {@code System.getProperty(name)}. */
  public static String getProperty(String name) {
    String value = TUNING.get(name);
    return value == null ? System.getProperty(name) : value;
  }
}
