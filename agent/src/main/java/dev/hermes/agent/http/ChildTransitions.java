package dev.hermes.agent.http;

import dev.hermes.agent.tree.ChildFields;
import dev.hermes.agent.tree.ChildState;
import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells child {@code joined} and {@code left} from the parent's reserved key {@code
 * <child>/hermes.child.state} ({@link ChildFields#STATE}): a child joins when it becomes running
 * (and was not already running or not answering), and leaves when a joined child exits or its state
 * key goes (its own parent exited and its subtree was cleared). Not thread-safe: its subscriber
 * calls it under a lock.
 */
final class ChildTransitions {
  /** The last segment of a child's state key, {@code /hermes.child.state}. */
  static final String STATE = "/" + ChildFields.STATE;

  private final Map<String, String> states = new HashMap<>();

  /** Records the states already in {@code snapshot}, so that only later changes count. */
  void seed(Map<String, Status> snapshot) {
    for (Map.Entry<String, Status> e : snapshot.entrySet()) {
      String child = childOf(e.getKey());
      if (child != null) {
        states.put(child, e.getValue().value());
      }
    }
  }

  /** {@code "joined"}, {@code "left"} or null, for one change. */
  String on(StatusChange change) {
    String child = childOf(change.key());
    if (child == null) {
      return null;
    }
    if (change.kind() == StatusChange.Kind.SET) {
      String state = change.status().map(Status::value).orElse("");
      String before = states.put(child, state);
      if (state.equals(ChildState.RUNNING.value()) && !isJoined(before)) {
        return "joined";
      }
      if (state.equals(ChildState.EXITED.value()) && isJoined(before)) {
        return "left";
      }
      return null;
    }
    return isJoined(states.remove(child)) ? "left" : null;
  }

  /** The child path of a state key ("worker1/fetcher"), or null for any other key. */
  static String childOf(String key) {
    return key.endsWith(STATE) && key.length() > STATE.length()
        ? key.substring(0, key.length() - STATE.length())
        : null;
  }

  private static boolean isJoined(String state) {
    return ChildState.RUNNING.value().equals(state)
        || ChildState.NOT_ANSWERING.value().equals(state);
  }
}
