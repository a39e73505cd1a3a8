package dev.hermes.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AttachOptionsTest {
  private static final Path DIR = Path.of("/work/here");

  @Test
  void knownSettingsPassUnchanged() throws Exception {
    assertEquals("port=0,name=batch", AttachOptions.check("port=0, name=batch", DIR));
  }

  @Test
  void noOptionsIsEmpty() throws Exception {
    assertEquals("", AttachOptions.check("", DIR));
  }

  @Test
  void unknownSettingIsAUsageErrorNamingTheKnownOnes() {
    UsageException e = assertThrows(UsageException.class, () -> AttachOptions.check("prot=1", DIR));
    assertTrue(e.getMessage().startsWith("unknown agent setting [prot]: known settings are port"));
  }

  @Test
  void partWithoutEqualsIsAUsageError() {
    assertThrows(UsageException.class, () -> AttachOptions.check("port", DIR));
  }

  @Test
  void relativeFilesAreTakenFromTheCurrentDirectory() throws Exception {
    assertEquals(
        "secretFile=/work/here/s.txt,tls=/etc/k.p12,jmx=/work/here/rules,jmx=off",
        AttachOptions.check("secretFile=s.txt,tls=/etc/k.p12,jmx=rules,jmx=off", DIR));
  }
}
