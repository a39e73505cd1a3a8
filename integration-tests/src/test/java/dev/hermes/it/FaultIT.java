package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A middle JVM killed mid-stream: the root shows it dead; its orphan re-joins the root. */
class FaultIT {
  @Test
  void orphanOfAKilledMiddleJvmRejoinsTheRootAndLosesNothing() throws Exception {
    Tree tree =
        Tree.start(
            "",
            "key=role=root",
            "count=root.ticks,50",
            "child=java,mid,key=role=mid+count=mid.ticks,50+child=java,leaf,"
                + "key=role=leaf~count=ticks,50~lifetime=60000");
    try (Started root = tree.root) {
      Map<String, String> before = tree.await("mid/role: mid", "mid/leaf/role: leaf");
      long leafTicks = Long.parseLong(before.get("mid/leaf/ticks"));
      long mid = Long.parseLong(before.get("mid/hermes.child.pid"));
      long leaf = Long.parseLong(before.get("mid/leaf/process.pid"));
      ProcessHandle.of(mid).orElseThrow().destroyForcibly();
      try {
        orphanRejoins(tree, before, leafTicks);
      } finally {
        // Re-parented to init, the orphan is no longer among the root's descendants.
        ProcessHandle.of(leaf).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static void orphanRejoins(Tree tree, Map<String, String> before, long leafTicks)
      throws Exception {
    tree.await("mid/hermes.child.state: exited", "mid/hermes.child.exit_code: 137");
    Map<String, String> after =
        tree.await(
            "leaf/role: leaf", "leaf/hermes.child.adopted_from: " + before.get("mid/hermes.url"));
    assertEquals("running", after.get("leaf/hermes.child.state"));
    assertTrue(Long.parseLong(after.get("leaf/ticks")) > leafTicks, "the leaf kept reporting");
    assertEquals("root", after.get("role"));
    assertTrue(Long.parseLong(after.get("root.ticks")) > 0);
    assertEquals(before.get("mid/leaf/process.pid"), after.get("leaf/process.pid"));
  }
}
