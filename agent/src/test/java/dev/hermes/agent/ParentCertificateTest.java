package dev.hermes.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentCertificateTest {
  @TempDir Path dir;

  @Test
  void thePidIsReadFromTheNameOnly() {
    assertEquals(4242, ParentCertificate.pidOf("hermes-parent-4242-918273645.pem"));
    assertEquals(-1, ParentCertificate.pidOf("hermes-parent-918273645.pem"), "an older name");
    assertEquals(-1, ParentCertificate.pidOf("hermes-parent-4242-.pem"));
    assertEquals(-1, ParentCertificate.pidOf("hermes-parent-x-1.pem"));
    assertEquals(-1, ParentCertificate.pidOf("hermes-parent-0-1.pem"));
    assertEquals(-1, ParentCertificate.pidOf("hermes-parent-4242-1.crt"));
    assertEquals(-1, ParentCertificate.pidOf("other-4242-1.pem"));
  }

  @Test
  void onlyTheCertificatesOfGoneProcessesAreRemoved() throws Exception {
    Path own = Files.createFile(dir.resolve("hermes-parent-10-1.pem"));
    Path gone = Files.createFile(dir.resolve("hermes-parent-11-2.pem"));
    Path running = Files.createFile(dir.resolve("hermes-parent-12-3.pem"));
    Path older = Files.createFile(dir.resolve("hermes-parent-5551212.pem"));
    Path other = Files.createFile(dir.resolve("hermes-parent-13-4.txt"));
    Path linkDir = Files.createDirectory(dir.resolve("hermes-parent-14-5.pem"));
    int removed = ParentCertificate.removeStale(own, pid -> pid == 10 || pid == 12);
    assertEquals(1, removed);
    assertFalse(Files.exists(gone));
    assertTrue(Files.exists(own) && Files.exists(running) && Files.exists(older));
    assertTrue(Files.exists(other) && Files.exists(linkDir), "not a certificate file: kept");
  }

  @Test
  void anUnreadableDirectoryRemovesNothingAndDoesNotFail() {
    assertEquals(0, ParentCertificate.removeStale(dir.resolve("missing/x.pem"), pid -> false));
  }
}
