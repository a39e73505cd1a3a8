package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildTransitionsTest {
  private static final StatusStore STORE = StatusStore.global();

  private static List<String> transitions(ChildTransitions t, String prefix, Runnable action) {
    List<String> out = new ArrayList<>();
    for (StatusChange c : EventTestSupport.changes(prefix, action)) {
      String kind = t.on(c);
      if (kind != null) {
        out.add(kind + " " + ChildTransitions.childOf(c.key()));
      }
    }
    return out;
  }

  @Test
  void runningIsJoinedAndExitedIsLeft() {
    String p = EventTestSupport.freshPrefix();
    List<String> seen =
        transitions(
            new ChildTransitions(),
            p,
            () -> {
              STORE.put(p + "w1/hermes.child.state", "starting", 0, 0);
              STORE.put(p + "w1/hermes.child.state", "running", 0, 0);
              STORE.put(p + "w1/hermes.child.state", "exited", 0, 0);
            });
    assertEquals(List.of("joined " + p + "w1", "left " + p + "w1"), seen);
  }

  @Test
  void notAnsweringAndBackIsNoNewJoin() {
    String p = EventTestSupport.freshPrefix();
    List<String> seen =
        transitions(
            new ChildTransitions(),
            p,
            () -> {
              STORE.put(p + "w1/hermes.child.state", "running", 0, 0);
              STORE.put(p + "w1/hermes.child.state", "not_answering", 0, 0);
              STORE.put(p + "w1/hermes.child.state", "running", 0, 0);
              STORE.put(p + "w1/hermes.child.state", "running", 0, 0);
            });
    assertEquals(List.of("joined " + p + "w1"), seen);
  }

  @Test
  void joinedGrandchildWhoseStateGoesHasLeft() {
    String p = EventTestSupport.freshPrefix();
    List<String> seen =
        transitions(
            new ChildTransitions(),
            p,
            () -> {
              STORE.put(p + "w1/f/hermes.child.state", "running", 0, 0);
              STORE.remove(p + "w1/f/hermes.child.state");
            });
    assertEquals(List.of("joined " + p + "w1/f", "left " + p + "w1/f"), seen);
  }

  @Test
  void childThatNeverJoinedNeverLeaves() {
    String p = EventTestSupport.freshPrefix();
    List<String> seen =
        transitions(
            new ChildTransitions(),
            p,
            () -> {
              STORE.put(p + "sleep/hermes.child.state", "starting", 0, 0);
              STORE.put(p + "sleep/hermes.child.state", "not_joined", 0, 0);
              STORE.put(p + "sleep/hermes.child.state", "exited", 0, 0);
            });
    assertEquals(List.of(), seen);
  }

  @Test
  void seededChildrenDoNotJoinAgain() {
    String p = EventTestSupport.freshPrefix();
    ChildTransitions t = new ChildTransitions();
    t.seed(Map.of(p + "w1/hermes.child.state", new Status("running", 0, 0)));
    List<String> seen =
        transitions(t, p, () -> STORE.put(p + "w1/hermes.child.state", "running", 0, 0));
    assertEquals(List.of(), seen);
  }

  @Test
  void onlyStateKeysNameAChild() {
    assertEquals("w1/f", ChildTransitions.childOf("w1/f/hermes.child.state"));
    assertNull(ChildTransitions.childOf("w1/hermes.child.pid"));
    assertNull(ChildTransitions.childOf("hermes.child.state"));
  }
}
