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

class UpdateHandlerTest {
  private static final String SET_STATUS = "{\"set\":{\"status\":{\"value\":\"up\",\"age\":0}}}";

  private final StatusStore store = TestStores.fresh();
  private final ChildRegistry registry = new ChildRegistry(store, Duration.ZERO);
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
    TreeExchange refused = update("forged", SET_STATUS);
    assertEquals(403, refused.status);
    assertEquals("Unknown session; join first\n", refused.body);
    assertEquals(403, TreeExchange.post(handler, SET_STATUS).status, "no session header");
  }

  @Test
  void aKeyOutsideTheRuleIs400AndChangesNothing() throws Exception {
    String session = session();
    TreeExchange bad =
        update(session, "{\"set\":{\"status\":{\"value\":\"up\"},\"bad key\":{\"value\":\"x\"}}}");
    assertEquals(400, bad.status);
    assertEquals(
        "Invalid key [bad key]: use keys of the rule; 'hermes.child.*' is the parent's\n",
        bad.body);
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
  void aBodyOverTheLimitIs413() throws Exception {
    TreeExchange big =
        TreeExchange.post(
            handler,
            SET_STATUS,
            Contract.SESSION_HEADER,
            session(),
            "Content-Length",
            Integer.toString(Bodies.MAX_BYTES + 1));
    assertEquals(413, big.status);
    assertEquals("Body larger than 1048576 bytes\n", big.body);
  }
}
