package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.MemoryUsage;
import java.util.List;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {
  private final CompositeData usage = MemoryUsageData.of(new MemoryUsage(1, 2048, 4096, 8192));

  @Test
  void writesLargeDoubleAsPlainDecimal() {
    assertEquals("10000000000", AttributeValues.text(1.0e10));
  }

  @Test
  void writesFractionAsPlainDecimal() {
    assertEquals("0.25", AttributeValues.text(0.25));
  }

  @Test
  void writesFloatAsItsOwnText() {
    assertEquals("0.1", AttributeValues.text(0.1f));
  }

  @Test
  void leavesNaNOut() {
    assertNull(AttributeValues.text(Double.NaN));
  }

  @Test
  void writesLongAsIs() {
    assertEquals("9007199254740993", AttributeValues.text(9007199254740993L));
  }

  @Test
  void followsCompositePath() {
    assertEquals(2048L, AttributeValues.resolve(usage, List.of("used")));
  }

  @Test
  void namesTheFieldsWhenPathFieldIsMissing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AttributeValues.resolve(usage, List.of("usd")));

    assertTrue(e.getMessage().contains("[committed, init, max, used]"), e.getMessage());
  }

  @Test
  void asksForAFieldWhenLeafIsComposite() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AttributeValues.text(usage));

    assertTrue(e.getMessage().startsWith("is composite data; add a field"), e.getMessage());
  }

  @Test
  void refusesPathIntoPlainValue() {
    assertThrows(IllegalArgumentException.class, () -> AttributeValues.resolve(5L, List.of("x")));
  }
}
