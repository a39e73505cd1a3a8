package dev.hermes.agent.tree;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a child has still to tell its parent: the keys changed since the last batch, each once
 * however often it changed, or everything, for the first batch and after one that failed.
 *
 * <p>{@code byte[] body = outbox.batch();} then {@code outbox.sent()} once the parent took it, or
 * {@code outbox.resendAll()} when it did not.
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

  /** Whether the next batch must be everything. */
  boolean fullNeeded() {
    return fullNeeded;
  }

  /** Makes the next batch everything: the last one was lost, or the parent is new. */
  void resendAll() {
    fullNeeded = true;
  }

  /** The parent took the last batch: the next holds only what changes from now on. */
  void sent() {
    fullNeeded = false;
  }

  /** The next batch as {@link TreeCodec#update} writes it; the changes it takes are forgotten. */
  byte[] batch() {
    boolean full = fullNeeded;
    Map<String, Status> set = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    if (full) {
      dirty.clear();
      set.putAll(store.snapshot(""));
    } else {
      for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
        String key = it.next();
        it.remove();
        Optional<Status> status = store.get(key);
        if (status.isPresent()) {
          set.put(key, status.get());
        } else {
          removed.add(key);
        }
      }
    }
    return TreeCodec.update(full, set, removed, store.now());
  }
}
