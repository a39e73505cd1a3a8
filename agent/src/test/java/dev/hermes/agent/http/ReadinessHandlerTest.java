package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.JoinRequest;
import dev.hermes.api.StatusStore;
import dev.hermes.api.TestStores;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /health/live} and {@code /health/ready}: MicroProfile Health's shape and the rules. */
class ReadinessHandlerTest {
  private final StatusStore store = TestStores.fresh();
  private final ChildRegistry registry = new ChildRegistry(store, Duration.ZERO);

  private FakeExchange get(ReadinessHandler handler, boolean authorized) throws IOException {
    FakeExchange x = new FakeExchange("GET", "/health/ready");
    SecretFilter.mark(x, authorized);
    try {
      handler.handle(x);
    } finally {
      SecretFilter.mark(x, false);
    }
    return x;
  }

  private ReadinessHandler ready(String... required) {
    return new ReadinessHandler(store, registry, List.of(required), false, true);
  }

  private void join(String name) throws Exception {
    registry.join(new JoinRequest(registry.expect(name), 123, null, "x.Main", null));
  }

  @Test
  void liveIsUpWhateverElseIsDown() throws Exception {
    store.report("probe.db.status", "critical", 0);
    FakeExchange x = get(new ReadinessHandler(store, registry, List.of(), false, false), false);
    assertEquals(200, x.status());
    assertEquals(
        "{\"status\":\"UP\",\"checks\":[{\"name\":\"hermes\",\"status\":\"UP\"}]}\n", x.body());
  }

  @Test
  void readyFollowsOwnProbes() throws Exception {
    FakeExchange empty = get(ready(), false);
    assertEquals(200, empty.status());
    assertEquals("application/json; charset=utf-8", empty.header("Content-Type"));
    assertEquals("{\"status\":\"UP\",\"checks\":[]}\n", empty.body());
    store.report("probe.db.status", "warning", 0);
    store.report("probe.db.message", "slow", 0);
    assertEquals(
        "{\"status\":\"UP\",\"checks\":[{\"name\":\"probe.db\",\"status\":\"UP\","
            + "\"data\":{\"message\":\"slow\",\"status\":\"warning\"}}]}\n",
        get(ready(), false).body());
    store.report("probe.db.status", "critical", 0);
    FakeExchange down = get(ready(), false);
    assertEquals(503, down.status());
    assertTrue(
        down.body()
            .startsWith(
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"probe.db\",\"status\":\"DOWN\""),
        down.body());
    store.report("probe.db.status", "ok", 0);
    assertEquals(200, get(ready(), false).status());
  }

  @Test
  void onlyRequiredChildrenCount() throws Exception {
    join("worker1");
    join("worker2");
    join("db1");
    assertEquals(200, get(ready("worker1", "db*"), false).status());
    store.put("worker2/hermes.child.state", "exited", 0, 0);
    FakeExchange optional = get(ready("worker1", "db*"), false);
    assertEquals(200, optional.status());
    assertTrue(
        optional
            .body()
            .contains(
                "{\"name\":\"child.worker2\",\"status\":\"DOWN\",\"data\":{\"required\":false,\"state\":\"exited\"}}"),
        optional.body());
    store.put("worker1/hermes.child.state", "exited", 0, 0);
    assertEquals(503, get(ready("worker1", "db*"), false).status());
    store.put("worker1/hermes.child.state", "running", 0, 0);
    store.put("db1/hermes.child.state", "not_answering", 0, 0);
    assertEquals(503, get(ready("worker1", "db*"), false).status());
    assertEquals(200, get(ready("worker1"), false).status());
  }

  @Test
  void aChildsOwnCriticalProbeMakesItNotReady() throws Exception {
    join("worker1");
    store.put("worker1/probe.db.status", "critical", 0, 0);
    store.put("worker1/fetcher/probe.x.status", "critical", 0, 0);
    FakeExchange x = get(ready("worker1"), false);
    assertEquals(503, x.status());
    assertTrue(x.body().contains("\"critical\":\"probe.db\""), x.body());
    store.put("worker1/probe.db.status", "ok", 0, 0);
    assertEquals(200, get(ready("worker1"), false).status());
  }

  @Test
  void aRequiredNameNoChildHasIsDown() throws Exception {
    FakeExchange x = get(ready("worker9", "db*"), false);
    assertEquals(503, x.status());
    assertEquals(
        "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"child.worker9\",\"status\":\"DOWN\","
            + "\"data\":{\"required\":true,\"state\":\"absent\"}}]}\n",
        x.body());
  }

  @Test
  void withASecretDataOnlyForThoseWhoGiveIt() throws Exception {
    store.report("probe.db.status", "critical", 0);
    store.report("probe.db.message", "connection refused", 0);
    ReadinessHandler secret = new ReadinessHandler(store, registry, List.of(), true, true);
    FakeExchange open = get(secret, false);
    assertEquals(503, open.status());
    assertEquals(
        "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"probe.db\",\"status\":\"DOWN\"}]}\n",
        open.body());
    assertFalse(open.body().contains("refused"));
    assertTrue(get(secret, true).body().contains("connection refused"));
  }

  @Test
  void globs() {
    assertTrue(ReadinessHandler.matches("worker*", "worker12"));
    assertTrue(ReadinessHandler.matches("*", "x"));
    assertTrue(ReadinessHandler.matches("w*r*1", "worker1"));
    assertFalse(ReadinessHandler.matches("w*r*1", "worker2"));
    assertFalse(ReadinessHandler.matches("a*a", "a"));
    assertFalse(ReadinessHandler.matches("worker1", "worker12"));
  }
}
