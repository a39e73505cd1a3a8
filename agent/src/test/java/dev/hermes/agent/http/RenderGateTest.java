package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large answers take a slot of the gate and give it back; without a free slot, 503 and Retry-After;
 * small answers and HEAD never wait.
 */
class RenderGateTest {
  private static final StatusStore STORE = StatusStore.global();
  private static final String BIG = "gatebig/";
  private static final String SMALL = "gatesmall/";

  @BeforeAll
  static void putKeys() {
    for (int i = 0; i <= RenderGate.LARGE; i++) {
      STORE.put(BIG + "k" + i, "v", 0, 0);
    }
    STORE.put(SMALL + "k", "v", 0, 0);
  }

  @AfterAll
  static void removeKeys() {
    STORE.removePrefix(BIG);
    STORE.removePrefix(SMALL);
  }

  private static FakeExchange get(StatusHandler handler, String method, String prefix)
      throws IOException {
    FakeExchange x = new FakeExchange(method, "/?prefix=" + prefix);
    handler.handle(x);
    return x;
  }

  @Test
  void aLargeAnswerWithoutAFreeSlotIs503WithRetryAfter() throws IOException {
    RenderGate gate = new RenderGate(1, 0);
    StatusHandler handler = new StatusHandler(STORE, Negotiation.STATUS, gate);
    assertTrue(gate.enter()); // another large answer under way
    FakeExchange busy = get(handler, "GET", BIG);
    busy.assertError(
        503,
        "Busy: 1 answers of more than 10000 keys are being sent; retry in 1 s, or ask for less"
            + " with ?prefix=");
    assertEquals("1", busy.header("Retry-After"));
    assertEquals(200, get(handler, "GET", SMALL).status(), "a small answer needs no slot");
    assertEquals(200, get(handler, "HEAD", BIG).status(), "HEAD reads nothing");
    gate.leave();
    FakeExchange served = get(handler, "GET", BIG);
    assertEquals(200, served.status());
    assertEquals(RenderGate.LARGE + 1, served.body().split("\n").length);
  }

  @Test
  void everyAnswerGivesItsSlotBack() throws IOException {
    RenderGate gate = new RenderGate(1, 0);
    StatusHandler handler = new StatusHandler(STORE, Negotiation.METRICS, gate);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get(handler, "GET", BIG).status());
    }
    FakeExchange broken = new FakeExchange("GET", "/?prefix=" + BIG);
    broken.breakConnection();
    try {
      handler.handle(broken);
    } catch (IOException expected) {
      // the client went away mid-answer
    }
    assertTrue(gate.enter(), "the slot came back after every answer, the broken one too");
    assertFalse(gate.enter());
  }
}
