package dev.hermes.agent.tree;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a child has still to tell its parent: the keys changed since the last push, each once
 * however often it changed, or everything, for the first push and after one that failed. Keys the
 * parent would refuse under this child's name ({@link ChildKeys#sendable}: too long with the name
 * in front, or the parent's own) are withheld, set or removed, until they change: each push that
 * changes how many there are says so, for the parent to show.
 *
 * <p>{@code Push push = outbox.push(name);} send its bodies, then {@code outbox.sent()} once the
 * parent took them all, or {@code outbox.resendAll()} when it did not.
 */
final class Outbox {
  private final StatusStore store;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Set<String> withheld = new HashSet<>();
  private volatile boolean fullNeeded = true;
  private int withheldSaid = -1;
  private String newlyWithheld;

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

  /**
   * The next push for a child named {@code name} at its parent; the changes it takes are forgotten.
   * Called by one thread at a time.
   */
  Push push(String name) {
    boolean full = fullNeeded;
    List<Map.Entry<String, Status>> set = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    if (full) {
      dirty.clear();
      withheld.clear();
      for (Map.Entry<String, Status> e : store.snapshot("").entrySet()) {
        if (ChildKeys.sendable(name, e.getKey())) {
          set.add(e);
        } else {
          withhold(e.getKey());
        }
      }
    } else {
      for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
        String key = it.next();
        it.remove();
        Optional<Status> status = store.get(key);
        if (!ChildKeys.sendable(name, key)) {
          if (status.isPresent()) {
            withhold(key);
          } else {
            withheld.remove(key);
          }
        } else if (status.isPresent()) {
          set.add(Map.entry(key, status.get()));
        } else {
          removed.add(key);
        }
      }
    }
    int count = withheld.size();
    boolean say = full || count != withheldSaid;
    withheldSaid = count;
    return new Push(full, set, removed, say ? count : -1);
  }

  /** A key withheld for the first time since the last call, or null (for the link to say once). */
  String newlyWithheld() {
    String key = newlyWithheld;
    newlyWithheld = null;
    return key;
  }

  private void withhold(String key) {
    if (withheld.add(key) && newlyWithheld == null) {
      newlyWithheld = key;
    }
  }
}
