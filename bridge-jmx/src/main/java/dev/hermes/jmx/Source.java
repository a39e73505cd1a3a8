package dev.hermes.jmx;

import java.util.Map;

/** One concern's keys (memory, threads, user rules...), read afresh each sample. */
interface Source {
  /** Puts this source's current keys and values into {@code out}. */
  void read(Map<String, String> out) throws InterruptedException;
}
