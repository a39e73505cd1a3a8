package dev.hermes.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void barePortIsLocalhost() throws Exception {
    assertEquals("http://127.0.0.1:9091", Urls.base("9091"));
  }

  @Test
  void hostAndPortGetHttp() throws Exception {
    assertEquals("http://localhost:9091", Urls.base("localhost:9091"));
  }

  @Test
  void trailingSlashesGo() throws Exception {
    assertEquals("https://h:1/hermes", Urls.base("https://h:1/hermes//"));
  }

  @Test
  void otherSchemesAndQueriesAreUsageErrors() {
    assertThrows(UsageException.class, () -> Urls.base("ftp://h:1"));
    assertThrows(UsageException.class, () -> Urls.base("http://h:1/?type=json"));
    assertThrows(UsageException.class, () -> Urls.base("http://"));
  }
}
