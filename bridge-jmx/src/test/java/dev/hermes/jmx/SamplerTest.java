package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private final StatusStore store = StatusStore.global();
  private final List<String> errors = new ArrayList<>();
  private final Sampler sampler = new Sampler(store, 1_000_000_000L, new Problems(errors::add));

  @AfterEach
  void clean() {
    sampler.close();
    store.removePrefix("test.");
  }

  @Test
  void failingSourceLosesOnlyItsOwnKeys() throws Exception {
    sampler
        .add("good", out -> out.put("test.good", "1"))
        .add(
            "bad",
            out -> {
              out.put("test.bad", "half-written");
              throw new IllegalStateException("boom");
            });

    sampler.sample();

    assertEquals(Map.of("test.good", "1"), testKeys());
    assertEquals(
        List.of("JMX bad keys are skipped: java.lang.IllegalStateException: boom"), errors);
  }

  @Test
  void firstSourceKeepsAKeyTwoSourcesWrite() throws Exception {
    sampler
        .add("defaults", out -> out.put("test.k", "first"))
        .add("rules", out -> out.put("test.k", "second"));

    sampler.sample();
    sampler.sample();

    assertEquals(Map.of("test.k", "first"), testKeys());
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).contains("already written by the defaults"), errors.get(0));
  }

  @Test
  void removesKeyNoSourceGivesAnyMore() throws Exception {
    List<String> keys = new ArrayList<>(List.of("test.a", "test.b"));
    sampler.add("changing", out -> keys.forEach(k -> out.put(k, "v")));
    sampler.sample();

    keys.remove("test.a");
    sampler.sample();

    assertEquals(Map.of("test.b", "v"), testKeys());
  }

  @Test
  void writesKeysWithTheTtl() throws Exception {
    sampler.add("one", out -> out.put("test.ttl", "v"));

    sampler.sample();

    assertEquals(1_000_000_000L, store.get("test.ttl").orElseThrow().ttlNanos());
  }

  private Map<String, String> testKeys() {
    Map<String, String> keys = new TreeMap<>();
    store.snapshot("test.").forEach((key, status) -> keys.put(key, status.value()));
    return keys;
  }
}
