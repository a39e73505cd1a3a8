package dev.hermes.agent.spawn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcessBuilderRewriterTest {
  private static byte[] classBytes(String name) throws Exception {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void rewritesThisJdksProcessBuilderToCallTheHook() throws Exception {
    byte[] rewritten = ProcessBuilderRewriter.rewrite(classBytes("java/lang/ProcessBuilder"));
    assertNotNull(rewritten);
    String text = new String(rewritten, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains(SpawnHook.class.getName()));
    assertTrue(text.contains("getSystemClassLoader"));
  }

  @Test
  void classWithoutTheMethodIsLeftAlone() throws Exception {
    assertNull(ProcessBuilderRewriter.rewrite(classBytes("java/lang/Runtime")));
  }
}
