package dev.hermes.jmx;

import java.lang.management.MemoryUsage;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/** A {@link MemoryUsage} as the CompositeData an MXBean would return, for test MBeans. */
final class MemoryUsageData {
  private static final String[] FIELDS = {"init", "used", "committed", "max"};

  private MemoryUsageData() {}

  static CompositeData of(MemoryUsage usage) {
    try {
      OpenType<?>[] types = {SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG};
      CompositeType type = new CompositeType("MemoryUsage", "usage", FIELDS, FIELDS, types);
      return new CompositeDataSupport(
          type,
          FIELDS,
          new Object[] {usage.getInit(), usage.getUsed(), usage.getCommitted(), usage.getMax()});
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }
}
