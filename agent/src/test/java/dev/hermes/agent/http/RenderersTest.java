package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermes.agent.support.TextEscaping;
import dev.hermes.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RenderersTest {
  private static final long S = 1_000_000_000L;

  private static StatusView view() {
    SortedMap<String, Status> snapshot = new TreeMap<>();
    long now = 100 * S;
    snapshot.put("worker1/status", new Status("launching", now - S / 4, 30 * S));
    snapshot.put("status", new Status("pending", now - 12 * S, 15 * S));
    snapshot.put("z.last", new Status("own", now, 0));
    return StatusView.of(snapshot, now);
  }

  @Test
  void textListsOwnKeysBeforeChildKeys() {
    assertEquals(
        "status: pending\nz.last: own\nworker1/status: launching\n",
        new String(TextRenderer.render(view()), StandardCharsets.UTF_8));
  }

  @Test
  void jsonCarriesAgeAndTtlInSeconds() {
    assertEquals(
        "{\"status\":{\"value\":\"pending\",\"age\":12,\"ttl\":15},"
            + "\"z.last\":{\"value\":\"own\",\"age\":0},"
            + "\"worker1/status\":{\"value\":\"launching\",\"age\":0.25,\"ttl\":30}}\n",
        new String(JsonRenderer.render(view()), StandardCharsets.UTF_8));
  }

  @Test
  void textEscapesEverythingThatCouldBreakALine() {
    assertEquals(
        "a\\\\b\\nc\\rd\\te\\u0000f\\u2028g\\u0085h é",
        TextEscaping.escape("a\\b\nc\rd\te\u0000f\u2028g\u0085h é"));
  }

  @Test
  void secondsRoundToTheMillisecondWithoutTrailingZeros() {
    assertEquals("0", Seconds.of(0));
    assertEquals("0.001", Seconds.of(600_000));
    assertEquals("1.25", Seconds.of(1_250_000_000L));
    assertEquals("30", Seconds.of(30 * S));
    assertEquals("1.1", Seconds.of(1_099_600_000L));
  }
}
