package dev.hermes.agent.tree;

import dev.hermes.api.Status;
import java.util.List;
import java.util.Map;

/**
 * What a child sends its parent at one time, written as bodies of at most a bounded size as they
 * are sent ({@link TreeCodec#body}): everything, as the parts of a full push, or what changed, as
 * one or more deltas. Its first body is written even when there is nothing to say (a heartbeat).
 *
 * <p>{@code while (push.hasNext()) client.update(session, push.next(store.now(),
 * System.currentTimeMillis(), ++seq), timeout);}
 */
final class Push {
  final boolean full;
  final List<Map.Entry<String, Status>> set;
  final List<String> removed;
  final int withheld;
  int setNext;
  int removedNext;
  int part;

  /** A push of {@code set} and {@code removed}; {@code withheld} is -1 when not to be said. */
  Push(boolean full, List<Map.Entry<String, Status>> set, List<String> removed, int withheld) {
    this.full = full;
    this.set = set;
    this.removed = removed;
    this.withheld = withheld;
  }

  /** Whether a body is still to be sent. */
  boolean hasNext() {
    return part == 0 || !done();
  }

  /**
   * The next body, of at most {@link TreeCodec#MAX_BATCH_BYTES}, ages taken at {@code now}, saying
   * it is sent at {@code sentMillis} (epoch milliseconds) as the child's batch number {@code seq}.
   */
  byte[] next(long now, long sentMillis, long seq) {
    return TreeCodec.body(this, now, TreeCodec.MAX_BATCH_BYTES, sentMillis, seq);
  }

  /** Whether every key has been written. */
  boolean done() {
    return setNext == set.size() && removedNext == removed.size();
  }
}
