package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  private static String expected(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  @Test
  void edgesMatchBigDecimal() {
    double[] values = {
      0,
      -0.0,
      1,
      0.5,
      0.05,
      0.005,
      0.0005,
      1.005,
      2.675,
      0.125,
      9.995,
      99.95,
      99.99999,
      100,
      0.049999,
      1e-5,
      5e-4,
      1.5e-3,
      123456.789,
      1e15,
      1.2345e20,
      9.999e-10,
      -1.005,
      -0.004,
      -0.005,
      -12.3456,
      0.95,
      0.9999
    };
    for (double v : values) {
      for (int scale = 0; scale <= 3; scale++) {
        assertEquals(expected(v, scale), Decimals.fixed(v, scale), v + " at scale " + scale);
      }
    }
  }

  @Test
  void randomValuesMatchBigDecimal() {
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 200_000; i++) {
      double v;
      switch (i % 4) {
        case 0:
          v = random.nextDouble() * 100;
          break;
        case 1:
          v = random.nextInt(100_000) / 1000.0;
          break;
        case 2:
          v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-8, 12));
          break;
        default:
          v = random.nextInt(2000) / 200.0;
      }
      int scale = random.nextInt(4);
      assertEquals(expected(v, scale), Decimals.fixed(v, scale), v + " at scale " + scale);
    }
  }

  @Test
  void notANumberAndInfinityAreSpelledOut() {
    assertEquals("NaN", Decimals.fixed(Double.NaN, 2));
    assertEquals("Infinity", Decimals.fixed(Double.POSITIVE_INFINITY, 2));
  }
}
