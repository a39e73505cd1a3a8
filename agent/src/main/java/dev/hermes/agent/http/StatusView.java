package dev.hermes.agent.http;

import dev.hermes.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A snapshot in display order: the process's own keys first, then child keys, each sorted.
 *
 * <p>{@code StatusView view = StatusView.of(store.snapshot(prefix), store.now());}
 */
final class StatusView {
  final List<Map.Entry<String, Status>> entries;
  final long now;

  private StatusView(List<Map.Entry<String, Status>> entries, long now) {
    this.entries = entries;
    this.now = now;
  }

  static StatusView of(SortedMap<String, Status> snapshot, long now) {
    List<Map.Entry<String, Status>> ordered = new ArrayList<>(snapshot.size());
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      if (e.getKey().indexOf('/') < 0) {
        ordered.add(e);
      }
    }
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      if (e.getKey().indexOf('/') >= 0) {
        ordered.add(e);
      }
    }
    return new StatusView(ordered, now);
  }
}
