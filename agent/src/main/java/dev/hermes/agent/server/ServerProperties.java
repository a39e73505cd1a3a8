package dev.hermes.agent.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  /** The most connections wanted: see {@link #MAX_CONNECTIONS}. */
  static final int TARGET_CONNECTIONS = 10_500;

  /**
   * The heap an open connection keeps in the JDK server, idle or not: its read, write and
   * buffered-stream buffers, about 22 KiB on JDK 17 and 30 KiB on JDK 25 (3,000 connections
   * measured with {@code jcmd GC.class_histogram}).
   */
  static final int BYTES_PER_CONNECTION = 32 * 1024;

  /**
   * The most connections the server keeps open, idle ones included: a root with 10,000 children,
   * each pushing on one keep-alive connection, plus 500 for scrapers and joins; but never more than
   * half the files this process may open, so Hermes cannot starve the host of descriptors, nor more
   * than a quarter of the heap can hold at {@link #BYTES_PER_CONNECTION} each. A further connection
   * is closed as soon as the server accepts it (on JDK 17 and 25 alike).
   */
  public static final int MAX_CONNECTIONS =
      maxConnections(openFileLimit(), Runtime.getRuntime().maxMemory());

  /**
   * The listen backlog: connections the kernel completes before the server's one accepting thread
   * takes them (it takes one each turn of its loop), so that a burst of children joining at once
   * waits there instead of being dropped. The kernel caps it ({@code net.core.somaxconn}).
   */
  public static final int BACKLOG = 4096;

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
    // Every open connection may stay open while idle (the JDK keeps 200 by default): a child
    // pushes every second on its connection, and a new connection for each push costs both sides.
    tuning.put("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_CONNECTIONS));
    tuning.put("sun.net.httpserver.maxReqHeaders", "100");
    tuning.put("sun.net.httpserver.maxReqHeaderSize", "65536");
    return Map.copyOf(tuning);
  }

  /**
   * {@link #TARGET_CONNECTIONS}, or less: half of {@code openFiles} (when known, above 0), and what
   * a quarter of {@code maxHeap} holds; 256 at least.
   */
  static int maxConnections(long openFiles, long maxHeap) {
    long max = Math.min(TARGET_CONNECTIONS, maxHeap / 4 / BYTES_PER_CONNECTION);
    if (openFiles > 0) {
      max = Math.min(max, openFiles / 2);
    }
    return (int) Math.max(256, max);
  }

  /**
   * The most files this process may open (the soft limit, which the JVM raises to the hard one at
   * start), from {@code /proc/self/limits}; 0 where that cannot be read (not Linux) or says
   * "unlimited".
   */
  static long openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return softLimit(line.substring("Max open files".length()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed to read it: no bound known
    }
    return 0;
  }

  /**
   * The first figure of the rest of a {@code limits} line ({@code " 1024 4096 files"}), or 0 when
   * it is no number of up to 18 digits ("unlimited"). Read without regular expressions: compiling
   * one at start-up spins classes in every JVM.
   */
  static long softLimit(String rest) {
    String s = rest.trim();
    int end = 0;
    while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
      end++;
    }
    boolean whole = end == s.length() || Character.isWhitespace(s.charAt(end));
    return end > 0 && end <= 18 && whole ? Long.parseLong(s.substring(0, end)) : 0;
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
