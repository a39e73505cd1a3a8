package dev.hermes.agent.tree;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a child has still to tell its parent: the keys changed since the last push, each once
 * however often it changed, or everything, for the first push and after one that failed.
 *
 * <p>{@code Push push = outbox.push();} send its bodies, then {@code outbox.sent()} once the parent
 * took them all, or {@code outbox.resendAll()} when it did not.
 */
final class Outbox {
  private final StatusStore store;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private volatile boolean fullNeeded = true;

  Outbox(StatusStore store) {
    this.store = store;
  }

  /** Notes that {@code key} changed; safe from any thread. */
  void changed(String key) {
    dirty.add(key);
  }

  /** Whether the next push must be everything. */
  boolean fullNeeded() {
    return fullNeeded;
  }

  /** Makes the next push everything: the last one was lost, or the parent is new. */
  void resendAll() {
    fullNeeded = true;
  }

  /** The parent took the last push: the next holds only what changes from now on. */
  void sent() {
    fullNeeded = false;
  }

  /** The next push; the changes it takes are forgotten. Called by one thread at a time. */
  Push push() {
    boolean full = fullNeeded;
    List<Map.Entry<String, Status>> set = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    if (full) {
      dirty.clear();
      set.addAll(store.snapshot("").entrySet());
    } else {
      for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
        String key = it.next();
        it.remove();
        Optional<Status> status = store.get(key);
        if (status.isPresent()) {
          set.add(Map.entry(key, status.get()));
        } else {
          removed.add(key);
        }
      }
    }
    return new Push(full, set, removed);
  }
}
