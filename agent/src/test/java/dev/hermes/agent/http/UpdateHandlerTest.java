package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.config.Contract;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinRequest;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code POST /hermes/update} through a mocked exchange: its status codes and answers. */
class UpdateHandlerTest {
  private static final String SET_STATUS = "{\"set\":{\"status\":{\"value\":\"up\",\"age\":0}}}";

  private final StatusStore store = TestStores.fresh();
  private final ChildRegistry registry = new ChildRegistry(store, Duration.ZERO, 1 << 20);
  private final UpdateHandler handler = new UpdateHandler(registry);

  private String session() throws Exception {
    String token = registry.expect("worker");
    return registry.join(new JoinRequest(token, 7, null, "app.Main", null)).session();
  }

  private TreeExchange update(String session, String json) throws Exception {
    return TreeExchange.post(handler, json, Contract.SESSION_HEADER, session);
  }

  @Test
  void aBatchUnderAKnownSessionIs200AndLandsUnderTheChild() throws Exception {
    TreeExchange ok = update(session(), SET_STATUS);
    assertEquals(200, ok.status);
    assertEquals(Responses.JSON, ok.contentType);
    assertEquals("{\"ok\":true}\n", ok.body);
    assertEquals("up", store.get("worker/status").orElseThrow().value());
  }

  @Test
  void anUnknownSessionIs403() throws Exception {
    update("forged", SET_STATUS).assertAnswered(403, "Unknown session; join first\n");
    TreeExchange.post(handler, SET_STATUS).assertAnswered(403, "Unknown session; join first\n");
  }

  @Test
  void aKeyOutsideTheRuleIs400AndChangesNothing() throws Exception {
    String session = session();
    update(session, "{\"set\":{\"status\":{\"value\":\"up\"},\"bad key\":{\"value\":\"x\"}}}")
        .assertAnswered(
            400, "Invalid key [bad key]: use keys of the rule; 'hermes.child.*' is the parent's\n");
    assertTrue(store.get("worker/status").isEmpty());
  }

  @Test
  void theParentsReservedKeysAre400() throws Exception {
    TreeExchange bad = update(session(), "{\"set\":{\"hermes.child.state\":{\"value\":\"fine\"}}}");
    assertEquals(400, bad.status);
    assertEquals("running", store.get("worker/hermes.child.state").orElseThrow().value());
  }

  @Test
  void aMalformedBatchIs400() throws Exception {
    TreeExchange bad = update(session(), "{\"set\":[]}");
    assertEquals(400, bad.status);
    assertTrue(bad.body.startsWith("Malformed JSON: "), bad.body);
  }

  @Test
  void aPathTooLongAtThisParentIs400NamingItAndChangesNothing() throws Exception {
    String segment = "s".repeat(256);
    String deep = segment + "/" + segment + "/" + segment + "/" + "k".repeat(250);
    String session = session();
    update(session, "{\"set\":{\"a\":{\"value\":\"1\"},\"" + deep + "\":{\"value\":\"x\"}}}")
        .assertAnswered(
            400,
            "Invalid key ["
                + "s".repeat(100)
                + "... (1021 characters)]: longer than 1024 characters as worker/... at this"
                + " parent (1028)\n");
    assertTrue(store.get("worker/a").isEmpty());
  }

  @Test
  void aBatchPastTheMemoryBudgetIs413() throws Exception {
    StringBuilder json = new StringBuilder("{\"set\":{");
    for (int i = 0; i < 100; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"value\":\"");
      json.append("v".repeat(8000)).append("\"}");
    }
    json.append("}}");
    TreeExchange over = update(session(), json.toString());
    assertEquals(413, over.status);
    assertTrue(over.body.startsWith("Over the memory budget for children (childMemory=1 MiB)"));
    assertTrue(store.get("worker/k0").isEmpty());
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    TreeExchange.post(
            handler,
            SET_STATUS,
            Contract.SESSION_HEADER,
            session(),
            "Content-Length",
            Integer.toString(Bodies.MAX_BYTES + 1))
        .assertAnswered(413, "Body larger than 1048576 bytes\n");
  }
}
