package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code /health}, the one route open without the secret. */
class HealthHandlerTest {
  @Test
  void answersUpAsJson() throws IOException {
    FakeExchange x = new FakeExchange("GET", "/health");
    new HealthHandler().handle(x);
    assertEquals(200, x.status());
    assertEquals("application/json; charset=utf-8", x.header("Content-Type"));
    assertEquals("{\"status\":\"up\"}\n", x.body());
    assertEquals(x.body().length(), x.length());
  }

  @Test
  void headAnswersWithoutABody() throws IOException {
    FakeExchange x = new FakeExchange("HEAD", "/health");
    new HealthHandler().handle(x);
    assertEquals(200, x.status());
    assertEquals(-1, x.length());
    assertEquals("", x.body());
  }
}
