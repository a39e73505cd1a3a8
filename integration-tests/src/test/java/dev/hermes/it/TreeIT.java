package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real tree of JVMs, started every way a JVM starts another, seen whole at the root. */
class TreeIT {
  private static Tree tree;

  @BeforeAll
  static void start() throws Exception {
    tree =
        Tree.start(
            "",
            "key=role=supervisor",
            "child=java,worker1,key=role=worker+child=java,-,key=role=sub",
            "child=java,worker2,key=role=worker+child=java,-,key=role=sub",
            "child=java,-,key=role=twin",
            "child=java,-,key=role=twin",
            "child=sh,shell,key=role=shell",
            "child=exec,execd,key=role=exec",
            "child=module,-",
            "child=sleep,-",
            "mirror=worker1/role");
  }

  @AfterAll
  static void stop() {
    tree.root.close();
  }

  @Test
  void threeLevelTreeIsVisibleAtTheRootInText() throws Exception {
    Map<String, String> text =
        tree.await(
            "role: supervisor",
            "worker1/role: worker",
            "worker2/role: worker",
            "worker1/TreeApp/role: sub",
            "worker2/TreeApp/role: sub",
            "worker1/TreeApp/status: running");
    assertEquals("running", text.get("worker1/hermes.child.state"));
    assertEquals("running", text.get("worker2/TreeApp/hermes.child.state"));
    assertEquals(
        text.get("worker1/process.pid"), text.get("worker1/hermes.child.pid"), "pid known");
  }

  @Test
  void ownKeysComeBeforeChildKeys() throws Exception {
    tree.await("worker1/role: worker");
    String[] keys = TextLines.parse(Http.get(tree.url + "/").body).keySet().toArray(new String[0]);
    boolean seenChild = false;
    for (String key : keys) {
      seenChild |= key.contains("/");
      assertFalse(seenChild && !key.contains("/"), "own key " + key + " after a child key");
    }
    assertTrue(seenChild);
  }

  @Test
  void threeLevelTreeIsVisibleAtTheRootInJson() throws Exception {
    tree.await("worker2/TreeApp/role: sub");
    Map<String, Map<String, Object>> json = Json.tree(Http.get(tree.url + "/?type=json").body);
    assertEquals("sub", json.get("worker2/TreeApp/role").get("value"));
    BigDecimal age = (BigDecimal) json.get("worker2/TreeApp/role").get("age");
    assertTrue(age.signum() >= 0 && age.compareTo(new BigDecimal(120)) < 0, "age " + age);
  }

  @Test
  void siblingsWithTheSameMainGetDistinctNames() throws Exception {
    Map<String, String> text = tree.await("TreeApp/role: twin", "TreeApp_2/role: twin");
    assertTrue(!text.get("TreeApp/process.pid").equals(text.get("TreeApp_2/process.pid")));
  }

  @Test
  void childStartedThroughShJoins() throws Exception {
    tree.await("shell/role: shell", "shell/hermes.child.state: running");
  }

  @Test
  void childStartedByRuntimeExecJoins() throws Exception {
    tree.await("execd/role: exec", "execd/hermes.child.state: running");
  }

  @Test
  void modulePathChildJoins() throws Exception {
    tree.await("Main/app.phase: modular", "Main/process.main: app/app.Main");
  }

  @Test
  void nonJvmChildIsShownAsNotJoined() throws Exception {
    Map<String, String> text = tree.await("sleep/hermes.child.state: not_joined");
    assertTrue(text.get("sleep/hermes.child.pid").matches("\\d+"));
    assertEquals("supervisor", text.get("role"), "the rest of the tree is unharmed");
  }

  @Test
  void supervisorReadsItsChildrenFromCode() throws Exception {
    Map<String, String> text = tree.await("mirror.value: worker");
    assertNull(text.get("mirror.value.error"));
  }
}
