package dev.hermes.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /ui}: three files from the jar, a strict policy, 40 KB in all. */
class UiHandlerTest {
  private final UiHandler handler = new UiHandler();

  @ParameterizedTest
  @CsvSource({
    "/ui, text/html; charset=utf-8",
    "/ui/, text/html; charset=utf-8",
    "/ui/app.js, text/javascript; charset=utf-8",
    "/ui/app.css, text/css; charset=utf-8"
  })
  void servesItsFilesWithAStrictPolicy(String path, String type) throws IOException {
    FakeExchange x = new FakeExchange("GET", path);
    handler.handle(x);
    assertEquals(200, x.status());
    assertEquals(type, x.header("Content-Type"));
    assertEquals("nosniff", x.header("X-Content-Type-Options"));
    String csp = x.header("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'none'"), csp);
    assertTrue(csp.contains("script-src 'self';"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertFalse(csp.contains("unsafe"), csp);
    assertFalse(x.body().isEmpty());
  }

  @Test
  void anotherFileIs404() throws IOException {
    FakeExchange x = new FakeExchange("GET", "/ui/secret.txt");
    handler.handle(x);
    x.assertError(404, "Not found: /ui/secret.txt; try /ui");
  }

  @Test
  void theWholePageIsAtMost40KB() throws IOException {
    int bytes = 0;
    for (String file : new String[] {"index.html", "app.js", "app.css"}) {
      bytes += UiHandler.read(file).length;
    }
    assertTrue(bytes <= 40 * 1024, bytes + " bytes");
  }

  @Test
  void thePageHasNoInlineScriptOrStyleAndTheScriptNoEval() throws IOException {
    String html = new String(UiHandler.read("index.html"), StandardCharsets.UTF_8);
    assertFalse(html.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "an inline script");
    assertFalse(html.matches("(?s).*\\son[a-z]+=.*"), "an inline handler");
    assertFalse(html.contains("<style") || html.contains("style="), "an inline style");
    String js = new String(UiHandler.read("app.js"), StandardCharsets.UTF_8);
    for (String banned :
        new String[] {
          "eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"
        }) {
      assertFalse(js.contains(banned), banned);
    }
  }
}
