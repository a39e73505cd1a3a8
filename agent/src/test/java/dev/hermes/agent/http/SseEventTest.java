package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseEventTest {
  @Test
  void childEventCarriesTheChildPath() {
    assertEquals(
        "id: 3\nevent: joined\ndata: {\"child\":\"worker1/fetcher\"}\n\n",
        new String(SseEvent.child("joined", "worker1/fetcher").encode(3), StandardCharsets.UTF_8));
  }

  @Test
  void weightCountsKeyAndValue() {
    assertEquals(64 + "w/x".length(), SseEvent.child("left", "w/x").weight());
  }
}
