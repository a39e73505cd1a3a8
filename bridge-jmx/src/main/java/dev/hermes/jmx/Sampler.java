package dev.hermes.jmx;

import dev.hermes.api.StatusStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One sample: reads every source, writes their keys with a TTL, and removes the keys written last
 * time that no source gives now (an MBean gone, failing or hung), so no key outlives its truth.
 */
final class Sampler {
  private final StatusStore store;
  private final long ttlNanos;
  private final Problems problems;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private Set<String> written = new HashSet<>();

  Sampler(StatusStore store, long ttlNanos, Problems problems) {
    this.store = store;
    this.ttlNanos = ttlNanos;
    this.problems = problems;
  }

  /** Adds a source, read after those added before; {@code name} is how problems call it. */
  Sampler add(String name, Source source) {
    sources.put(name, source);
    return this;
  }

  void sample() throws InterruptedException {
    Map<String, String> keys = new LinkedHashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (Map.Entry<String, Source> entry : sources.entrySet()) {
      String name = entry.getKey();
      Map<String, String> own = new LinkedHashMap<>();
      try {
        entry.getValue().read(own);
      } catch (RuntimeException | Error failure) {
        // A failing source loses its own keys only; the others are still written.
        problems.once(
            "source " + name, "JMX " + name + " keys are skipped: " + Problems.describe(failure));
        continue;
      }
      for (Map.Entry<String, String> key : own.entrySet()) {
        String owner = owners.putIfAbsent(key.getKey(), name);
        if (owner == null) {
          keys.put(key.getKey(), key.getValue());
        } else {
          problems.once(
              "collision " + key.getKey(),
              "JMX key ["
                  + key.getKey()
                  + "] of the "
                  + name
                  + " is already written by the "
                  + owner
                  + "; change the key template in the rules file");
        }
      }
    }
    write(keys);
  }

  /** Removes every key this sampler wrote and closes the sources that hold threads. */
  void close() {
    for (String key : written) {
      store.remove(key);
    }
    written = new HashSet<>();
    for (Source source : sources.values()) {
      if (source instanceof RuleSource) {
        ((RuleSource) source).close();
      }
    }
  }

  private void write(Map<String, String> keys) {
    Set<String> now = new HashSet<>();
    for (Map.Entry<String, String> key : keys.entrySet()) {
      try {
        store.report(key.getKey(), key.getValue(), ttlNanos);
        now.add(key.getKey());
      } catch (IllegalArgumentException invalid) {
        problems.once("write " + key.getKey(), "JMX key not written: " + invalid.getMessage());
      }
    }
    for (String key : written) {
      if (!now.contains(key)) {
        store.remove(key);
      }
    }
    written = now;
  }
}
