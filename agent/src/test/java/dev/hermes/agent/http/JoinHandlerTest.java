package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.tree.ChildFields;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinAnswer;
import dev.hermes.agent.tree.TreeCodec;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code POST /hermes/join} through a mocked exchange: its status codes and answers. */
class JoinHandlerTest {
  private final StatusStore store = TestStores.fresh();
  private final ChildRegistry registry = new ChildRegistry(store, Duration.ZERO);
  private final JoinHandler handler = new JoinHandler(registry);

  @Test
  void aTokenJoinsOnceAndGetsItsNameAndSession() throws Exception {
    String token = registry.expect("worker");
    TreeExchange ok = TreeExchange.post(handler, "{\"pid\":7,\"token\":\"" + token + "\"}");
    assertEquals(200, ok.status);
    assertEquals(Responses.JSON, ok.contentType);
    JoinAnswer answer = TreeCodec.parseJoinAnswer(ok.body.getBytes(StandardCharsets.UTF_8));
    assertEquals("worker", answer.name());
    assertFalse(answer.session().isEmpty());
    assertEquals("{\"name\":\"worker\",\"session\":\"" + answer.session() + "\"}", ok.body);
    assertEquals("7", store.get("worker/" + ChildFields.PID).orElseThrow().value());

    // The same join again (its answer was lost) is the same child; the token from another pid is
    // not.
    assertEquals(
        ok.body, TreeExchange.post(handler, "{\"pid\":7,\"token\":\"" + token + "\"}").body);
    TreeExchange.post(handler, "{\"pid\":8,\"token\":\"" + token + "\"}")
        .assertAnswered(403, "Unknown or already used token\n");
  }

  @Test
  void anUnknownTokenIs403() throws Exception {
    TreeExchange.post(handler, "{\"pid\":7,\"token\":\"forged\"}")
        .assertAnswered(403, "Unknown or already used token\n");
  }

  @Test
  void aJoinWithoutPidIs400() throws Exception {
    TreeExchange.post(handler, "{\"token\":\"t\"}")
        .assertAnswered(400, "Malformed join: pid (a number) is required\n");
  }

  @Test
  void aBodyThatIsNotJsonIs400() throws Exception {
    TreeExchange bad = TreeExchange.post(handler, "pid=7");
    assertEquals(400, bad.status);
    assertTrue(bad.body.startsWith("Malformed JSON: "), bad.body);
  }

  @Test
  void aJoinOutOfShapeIs400AndEchoesOnlyAnExcerpt() throws Exception {
    TreeExchange.post(handler, "{\"pid\":7,\"name\":\"" + "n".repeat(5000) + "\"}")
        .assertAnswered(
            400,
            "Invalid join: name ["
                + "n".repeat(100)
                + "... (5000 characters)] is not a key: use letters, digits, '_' and '.'\n");
    TreeExchange.post(handler, "{\"pid\":" + ProcessHandle.current().pid() + "}")
        .assertAnswered(
            400, "Invalid join: pid " + ProcessHandle.current().pid() + " is this parent's own\n");
    assertTrue(store.snapshot("").isEmpty(), "nothing registered");
  }

  @Test
  void aJoinByHandBeyondTheBoundIs503WithRetryAfter() throws Exception {
    String join = "{\"pid\":%d,\"name\":\"hand\",\"url\":\"http://10.0.0.1:9091\"}";
    for (int i = 0; i < ChildRegistry.MAX_BY_HAND; i++) {
      assertEquals(200, TreeExchange.post(handler, String.format(join, 100 + i)).status);
    }
    TreeExchange full = TreeExchange.post(handler, String.format(join, 1));
    full.assertAnswered(
        503, "Too many children joined without a token: 64 at once; try again later\n");
    assertEquals("5", full.retryAfter);
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    TreeExchange.post(handler, "{}", "Content-Length", Integer.toString(Bodies.MAX_BYTES + 1))
        .assertAnswered(413, "Body larger than 1048576 bytes\n");
  }
}
