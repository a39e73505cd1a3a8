package dev.hermes.jmx;

import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.JMRuntimeException;

/**
 * The error sink, told each problem once: a source failing every interval is one line, not many.
 */
final class Problems {
  // Bounds memory and noise when a wildcard matches thousands of failing MBeans.
  static final int MAX_REPORTED = 100;
  private static final String OVERFLOW = "\0overflow";

  private final Consumer<String> sink;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  Problems(Consumer<String> sink) {
    this.sink = sink;
  }

  /** Tells the sink {@code line} unless a problem with this {@code subject} was told already. */
  void once(String subject, String line) {
    if (seen.contains(subject)) {
      return;
    }
    if (seen.size() >= MAX_REPORTED) {
      if (seen.add(OVERFLOW)) {
        tell("JMX bridge: more than " + MAX_REPORTED + " problems; the rest are not reported");
      }
      return;
    }
    if (seen.add(subject)) {
      tell(line);
    }
  }

  /** Tells the sink {@code line} whatever was told before; for one-off events such as start-up. */
  void tell(String line) {
    try {
      sink.accept(line);
    } catch (RuntimeException ignored) {
      // A broken sink must not break sampling, and there is nowhere else to say so.
    }
  }

  /**
   * The cause of {@code t}, JMX wrappers peeled, on one line: {@code java.io.IOException: gone}.
   */
  static String describe(Throwable t) {
    Throwable cause = t;
    for (int depth = 0; depth < 10 && isWrapper(cause) && cause.getCause() != null; depth++) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getName();
    }
    String oneLine = message.strip().replaceAll("\\s+", " ");
    if (oneLine.length() > 200) {
      oneLine = oneLine.substring(0, 200) + "...";
    }
    return cause.getClass().getName() + ": " + oneLine;
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof JMException
        || t instanceof JMRuntimeException
        || t instanceof ExecutionException
        || t instanceof InvocationTargetException;
  }
}
