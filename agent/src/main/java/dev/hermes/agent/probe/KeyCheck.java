package dev.hermes.agent.probe;

import dev.hermes.agent.support.Condition;
import dev.hermes.api.ProbeCheck;
import dev.hermes.api.ProbeResult;
import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.util.Optional;

/**
 * A rule over any key of the subtree, own or child: its value, or the ratio of two keys ({@code
 * jvm.memory.heap.used / jvm.memory.heap.max}), against a {@code warning} and a {@code critical}
 * condition. An absent key (or a ratio of non-numbers, or over zero) is {@code unknown}.
 */
final class KeyCheck implements ProbeCheck {
  private final StatusStore store;
  private final String key;
  private final String over;
  private final Condition warning;
  private final Condition critical;

  /** {@code over} is the ratio's denominator key, or null; either condition may be null. */
  KeyCheck(StatusStore store, String key, String over, Condition warning, Condition critical) {
    this.store = store;
    this.key = key;
    this.over = over;
    this.warning = warning;
    this.critical = critical;
  }

  @Override
  public ProbeResult check() {
    String value = read(key);
    if (value == null) {
      return ProbeResult.unknown(key + " is absent");
    }
    String shown = key;
    if (over != null) {
      shown = key + " / " + over;
      String denominator = read(over);
      if (denominator == null) {
        return ProbeResult.unknown(over + " is absent");
      }
      double ratio;
      try {
        ratio = Double.parseDouble(value) / Double.parseDouble(denominator);
      } catch (NumberFormatException e) {
        return ProbeResult.unknown(shown + " is not a ratio of numbers");
      }
      if (!Double.isFinite(ratio)) {
        return ProbeResult.unknown(shown + " is not a finite number");
      }
      value = Double.toString(Math.round(ratio * 1e6) / 1e6);
    }
    for (int i = 0; i < 2; i++) {
      Condition c = i == 0 ? critical : warning;
      if (c == null) {
        continue;
      }
      Boolean met = c.test(value);
      if (met == null) {
        return ProbeResult.unknown(shown + " = " + value + " is not a number").withValue(value);
      }
      if (met) {
        String level = i == 0 ? "critical" : "warning";
        return (i == 0
                ? ProbeResult.critical(shown + " = " + value + " (" + level + ": " + c + ")")
                : ProbeResult.warning(shown + " = " + value + " (" + level + ": " + c + ")"))
            .withValue(value);
      }
    }
    return ProbeResult.ok(shown + " = " + value).withValue(value);
  }

  private String read(String path) {
    Optional<Status> s = store.get(path);
    return s.isPresent() ? s.get().value() : null;
  }
}
