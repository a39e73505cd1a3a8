package dev.hermes.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The private server's tuning, as its property reads see it. */
class ServerPropertiesTest {
  @Test
  void theLimitsSecurityMdDocuments() {
    assertEquals(Long.valueOf(5), ServerProperties.getLong("sun.net.httpserver.maxReqTime", -1));
    assertEquals(
        Integer.valueOf(ServerProperties.MAX_CONNECTIONS),
        ServerProperties.getInteger("jdk.httpserver.maxConnections", -1));
    assertEquals(
        Integer.valueOf(100), ServerProperties.getInteger("sun.net.httpserver.maxReqHeaders", 0));
    assertEquals(
        Integer.valueOf(65536),
        ServerProperties.getInteger("sun.net.httpserver.maxReqHeaderSize", 0));
    assertEquals(true, ServerProperties.getBoolean("sun.net.httpserver.nodelay"));
  }

  @Test
  void noResponseDeadline() {
    // A maxRspTime would cut every /events stream after it: streams stay in the response state.
    assertNull(ServerProperties.getProperty("sun.net.httpserver.maxRspTime"));
    assertEquals(Long.valueOf(-1), ServerProperties.getLong("sun.net.httpserver.maxRspTime", -1));
  }

  @Test
  void otherNamesReadTheRealSystemProperties() {
    assertEquals(Long.valueOf(7), ServerProperties.getLong("hermes.test.no.such.property", 7));
  }

  @Test
  void softLimitIsTheFirstFigureOfALimitsLine() {
    assertEquals(
        1024,
        ServerProperties.softLimit("            1024                 4096                 files"));
    assertEquals(20000, ServerProperties.softLimit(" 20000 20000 files"));
    assertEquals(
        0, ServerProperties.softLimit("   unlimited            unlimited            files"));
    assertEquals(0, ServerProperties.softLimit("   1024x 4096 files"));
    assertEquals(0, ServerProperties.softLimit("   1234567890123456789 files"));
    assertEquals(123456789012345678L, ServerProperties.softLimit(" 123456789012345678"));
    assertEquals(0, ServerProperties.softLimit(""));
  }
}
