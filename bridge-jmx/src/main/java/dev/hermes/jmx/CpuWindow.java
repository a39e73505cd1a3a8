package dev.hermes.jmx;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * CPU use over the last minute, from the sampler's own readings: never "since the previous
 * request". The window spans 60 s give or take half an interval (at most 15 s) and is unknown (NaN)
 * until the readings reach back that far.
 */
final class CpuWindow {
  static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final long toleranceNanos;
  private final ArrayDeque<Reading> readings = new ArrayDeque<>();

  CpuWindow(long intervalNanos) {
    this.toleranceNanos = Math.min(intervalNanos / 2, WINDOW_NANOS / 4);
  }

  /**
   * Adds a reading taken at {@code nanoTime}: the process's CPU time so far and the system's CPU
   * load since the previous reading (0.0 to 1.0); either negative when unknown.
   */
  void add(long nanoTime, long processCpuNanos, double systemLoad) {
    readings.addLast(new Reading(nanoTime, processCpuNanos, systemLoad));
    while (readings.size() > 1
        && nanoTime - readings.getFirst().time > WINDOW_NANOS + toleranceNanos) {
      readings.removeFirst();
    }
  }

  /** This process's CPU use as a percentage of all {@code processors}' capacity; or NaN. */
  double processPercent(int processors) {
    if (!spansWindow() || processors <= 0) {
      return Double.NaN;
    }
    Reading first = readings.getFirst();
    Reading last = readings.getLast();
    if (first.processCpu < 0 || last.processCpu < 0) {
      return Double.NaN;
    }
    double busy = (double) (last.processCpu - first.processCpu) / (last.time - first.time);
    return percent(busy / processors);
  }

  /** The system's CPU use as a percentage, the time-weighted mean of its load readings; or NaN. */
  double systemPercent() {
    if (!spansWindow()) {
      return Double.NaN;
    }
    double weighted = 0;
    double weights = 0;
    Iterator<Reading> it = readings.iterator();
    Reading previous = it.next();
    while (it.hasNext()) {
      Reading reading = it.next();
      // Each load reading covers the time since the one before it.
      if (reading.systemLoad >= 0) {
        weighted += reading.systemLoad * (reading.time - previous.time);
        weights += reading.time - previous.time;
      }
      previous = reading;
    }
    return weights > 0 ? percent(weighted / weights) : Double.NaN;
  }

  private boolean spansWindow() {
    return readings.size() > 1
        && readings.getLast().time - readings.getFirst().time >= WINDOW_NANOS - toleranceNanos;
  }

  private static double percent(double fraction) {
    return Math.max(0, Math.min(100, fraction * 100));
  }

  private static final class Reading {
    final long time;
    final long processCpu;
    final double systemLoad;

    Reading(long time, long processCpu, double systemLoad) {
      this.time = time;
      this.processCpu = processCpu;
      this.systemLoad = Double.isNaN(systemLoad) ? -1 : systemLoad;
    }
  }
}
