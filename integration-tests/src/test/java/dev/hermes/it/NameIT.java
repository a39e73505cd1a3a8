package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A spawned child's own name wins (issue 12): its own {@code -javaagent:hermes.jar=name=...}, or a
 * {@code HERMES_NAME} of its own launch line, over the name its spawner derived; siblings asking
 * for the same name stay apart.
 */
class NameIT {
  private static Tree tree;

  @BeforeAll
  static void start() throws Exception {
    tree =
        Tree.start(
            "",
            "key=role=root",
            "child=ownname,web,key=role=first",
            "child=ownname,web,key=role=second",
            "child=shname,api,key=role=api",
            "child=java,-,key=role=derived");
  }

  @AfterAll
  static void stop() {
    tree.root.close();
  }

  @Test
  void theChildsOwnNameWinsAndSiblingsStayUnique() throws Exception {
    Map<String, String> text =
        tree.await(
            "web/hermes.child.state: running",
            "web_2/hermes.child.state: running",
            "web/role.ready: yes",
            "web_2/role.ready: yes",
            "api/role: api",
            "api/hermes.child.state: running");
    // Which of the two got web is the order they joined in; each has its own record.
    String first = text.get("web/role");
    String second = text.get("web_2/role");
    assertNotEquals(first, second);
    assertEquals(
        java.util.Set.of("first", "second"), java.util.Set.of(first, second), text.toString());
    assertNotEquals(text.get("web/process.pid"), text.get("web_2/process.pid"));
    assertEquals(text.get("web/process.pid"), text.get("web/hermes.child.pid"));
    // No record is left under the names the spawner derived for them (the child without a name
    // of its own keeps its derived one: TreeApp, or TreeApp_3 if it was spawned while the others
    // still held TreeApp and TreeApp_2).
    Map<String, String> all =
        TextLines.parse(
            tree.root.awaitBody(tree.url + "/", body -> body.contains("/role: derived\n")).body);
    long records = all.keySet().stream().filter(k -> k.endsWith("/hermes.child.state")).count();
    assertEquals(4, records, all.toString());
    for (String key : all.keySet()) {
      assertFalse(key.startsWith("sh/"), key);
    }
  }
}
