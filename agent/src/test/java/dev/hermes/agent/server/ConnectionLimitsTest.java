package dev.hermes.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The private server's connection limits, as its property reads see them. */
class ConnectionLimitsTest {
  @Test
  void everyOpenConnectionMayStayIdle() {
    int max = ServerProperties.getInteger("jdk.httpserver.maxConnections", -1);
    assertEquals(ServerProperties.MAX_CONNECTIONS, max);
    assertEquals(
        Integer.valueOf(max),
        ServerProperties.getInteger("sun.net.httpserver.maxIdleConnections", 200));
  }

  @Test
  void tenThousandChildrenFitUnlessFilesOrHeapAreShort() {
    long gib = 1L << 30;
    assertEquals(10_500, ServerProperties.maxConnections(0, 4 * gib)); // file limit unknown
    assertEquals(10_500, ServerProperties.maxConnections(1_048_576, 4 * gib));
    assertEquals(10_000, ServerProperties.maxConnections(20_000, 4 * gib));
    assertEquals(2_048, ServerProperties.maxConnections(4_096, 4 * gib));
    assertEquals(256, ServerProperties.maxConnections(256, 4 * gib));
    // -Xmx512m: a quarter of it, 32 KiB a connection.
    assertEquals(4_096, ServerProperties.maxConnections(1_048_576, gib / 2));
    assertEquals(256, ServerProperties.maxConnections(1_048_576, 16L << 20));
  }

  @Test
  void theFileLimitIsReadWhereTheSystemTellsIt() throws IOException {
    Path limits = Path.of("/proc/self/limits");
    long expected = 0;
    if (Files.isReadable(limits)) {
      Matcher m =
          Pattern.compile("(?m)^Max open files +([0-9]+) ").matcher(Files.readString(limits));
      expected = m.find() ? Long.parseLong(m.group(1)) : 0;
    }
    assertEquals(expected, ServerProperties.openFileLimit());
    assertEquals(
        ServerProperties.maxConnections(expected, Runtime.getRuntime().maxMemory()),
        ServerProperties.MAX_CONNECTIONS);
  }
}
