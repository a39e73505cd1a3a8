package dev.hermes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A probe's {@code since} is written as {@code Instant.toString} writes it. */
class ProberSinceTest {
  @Test
  void asInstantToStringForEveryKindOfFraction() {
    Random random = new Random(17);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long second =
          i % 2 == 0
              ? 1_700_000_000L + random.nextInt(1_000_000_000)
              : min + (long) (random.nextDouble() * (max - min));
      int nano;
      switch (i % 4) {
        case 0:
          nano = 0;
          break;
        case 1:
          nano = random.nextInt(1000) * 1_000_000;
          break;
        case 2:
          nano = random.nextInt(1_000_000) * 1000;
          break;
        default:
          nano = random.nextInt(1_000_000_000);
      }
      Instant t = Instant.ofEpochSecond(second, nano);
      assertEquals(t.toString(), Prober.iso(t));
    }
    for (String edge :
        new String[] {
          "1970-01-01T00:00:00Z",
          "2000-02-29T23:59:59.999999999Z",
          "0000-01-01T00:00:00.001Z",
          "9999-12-31T23:59:59.000001Z",
          "-0001-12-31T23:59:59Z",
          "+10000-01-01T00:00:00Z"
        }) {
      assertEquals(edge, Prober.iso(Instant.parse(edge)));
    }
    assertEquals(Instant.now().toString().length() > 0, Prober.iso(Instant.now()).endsWith("Z"));
  }
}
