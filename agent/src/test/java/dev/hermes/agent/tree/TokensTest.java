package dev.hermes.agent.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session tokens: 24 random bytes from the kernel, base64url without padding, never twice. */
class TokensTest {
  @Test
  void tokensAre32UrlSafeCharactersAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String token = ChildRegistry.randomToken();
      assertEquals(32, token.length(), token);
      assertTrue(token.matches("[A-Za-z0-9_-]{32}"), token);
      assertTrue(seen.add(token), "a token came twice: " + token);
    }
  }

  @Test
  void theKernelsGeneratorFillsTheBytesWhereItExists() {
    assumeTrue(Files.isReadable(Path.of("/dev/urandom")), "no /dev/urandom here");
    byte[] a = new byte[24];
    byte[] b = new byte[24];
    assertTrue(ChildRegistry.Tokens.fromKernel(a));
    assertTrue(ChildRegistry.Tokens.fromKernel(b));
    assertTrue(!java.util.Arrays.equals(a, b), "two reads gave the same bytes");
  }

  @Test
  void theFallbackIsTheJdksSecureRandom() {
    byte[] bytes = new byte[24];
    ChildRegistry.Tokens.Fallback.RANDOM.nextBytes(bytes);
    assertEquals(
        "java.security.SecureRandom", ChildRegistry.Tokens.Fallback.RANDOM.getClass().getName());
  }
}
