package dev.hermes.agent.http;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * The keys of one answer, read once, in display order: the process's own keys first, then child
 * keys, each sorted; with the clock reading {@code now} that decided which keys are live and from
 * which every age is counted. It holds references only (two per key, in blocks of {@value #BLOCK}
 * so that no large array is allocated), so a renderer may walk it as often as it needs and always
 * sees the same keys: the Prometheus renderer walks it three times, and a large answer is rendered
 * twice (once to learn its length).
 *
 * <p>{@code StatusView view = StatusView.read(store, "worker1/");}
 */
final class StatusView {
  static final int BLOCK = 2048;
  private static final int SHIFT = 11;

  final long now;
  private final Entries own;
  private final Entries children;
  private RenderGate gate; // the gate whose slot this view holds, if any

  private StatusView(Entries own, Entries children, long now, RenderGate gate) {
    this.own = own;
    this.children = children;
    this.now = now;
    this.gate = gate;
  }

  /** The live keys of {@code store} under {@code prefix} ("" for all), as of now. */
  static StatusView read(StatusStore store, String prefix) {
    return read(store, prefix, null);
  }

  /**
   * Like {@link #read(StatusStore, String)}, but a read that reaches {@link RenderGate#LARGE} keys
   * must take a slot of {@code gate} (unless null): null if it could not. A view that took one
   * holds it until {@link #release}.
   */
  static StatusView read(StatusStore store, String prefix, RenderGate gate) {
    Reader reader = new Reader(gate);
    long now = store.now();
    try {
      store.forEach(prefix, now, reader);
    } catch (Refused e) {
      return null;
    }
    return new StatusView(reader.own, reader.children, now, reader.entered ? gate : null);
  }

  /** Gives back the gate's slot, if this view took one; once. */
  void release() {
    RenderGate taken = gate;
    gate = null;
    if (taken != null) {
      taken.leave();
    }
  }

  /** The keys of {@code snapshot}, with ages counted from {@code now}. */
  static StatusView of(SortedMap<String, Status> snapshot, long now) {
    Reader reader = new Reader(null);
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      reader.accept(e.getKey(), e.getValue());
    }
    return new StatusView(reader.own, reader.children, now, null);
  }

  /** How many keys. */
  int size() {
    return own.size + children.size;
  }

  /** The key at {@code i} in display order, {@code 0 <= i < size()}. */
  String key(int i) {
    return i < own.size ? own.key(i) : children.key(i - own.size);
  }

  /** The status of {@link #key key(i)}. */
  Status status(int i) {
    return i < own.size ? own.status(i) : children.status(i - own.size);
  }

  /**
   * Sorts each key it is given into own and child keys, keeping their order; at the {@link
   * RenderGate#LARGE}-th key, takes a slot of its gate or stops the read.
   */
  private static final class Reader implements BiConsumer<String, Status> {
    final Entries own = new Entries();
    final Entries children = new Entries();
    private final RenderGate gate;
    boolean entered;

    Reader(RenderGate gate) {
      this.gate = gate;
    }

    @Override
    public void accept(String key, Status status) {
      if (gate != null && own.size + children.size == RenderGate.LARGE) {
        if (!gate.enter()) {
          throw Refused.INSTANCE;
        }
        entered = true;
      }
      (key.indexOf('/') < 0 ? own : children).add(key, status);
    }
  }

  /** Stops a read whose gate had no slot; thrown through the store's walk, caught in read. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Refused INSTANCE = new Refused();

    private Refused() {
      super("no slot", null, false, false);
    }
  }

  /** Keys and statuses in order, in blocks of {@link #BLOCK}. */
  private static final class Entries {
    private String[][] keys = new String[1][];
    private Status[][] statuses = new Status[1][];
    int size;

    void add(String key, Status status) {
      int block = size >>> SHIFT;
      int at = size & (BLOCK - 1);
      if (at == 0) {
        if (block == keys.length) {
          keys = Arrays.copyOf(keys, block * 2);
          statuses = Arrays.copyOf(statuses, block * 2);
        }
        // The first block grows as needed: most answers (one child's keys) are small.
        keys[block] = new String[block == 0 ? 16 : BLOCK];
        statuses[block] = new Status[block == 0 ? 16 : BLOCK];
      } else if (block == 0 && at == keys[0].length) {
        keys[0] = Arrays.copyOf(keys[0], Math.min(BLOCK, at * 4));
        statuses[0] = Arrays.copyOf(statuses[0], Math.min(BLOCK, at * 4));
      }
      keys[block][at] = key;
      statuses[block][at] = status;
      size++;
    }

    String key(int i) {
      return keys[i >>> SHIFT][i & (BLOCK - 1)];
    }

    Status status(int i) {
      return statuses[i >>> SHIFT][i & (BLOCK - 1)];
    }
  }
}
