package dev.hermes.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.Hermes;
import dev.hermes.api.StatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file changed while running: a probe added, changed, removed. */
class ProbesTest {
  @TempDir Path dir;

  @Test
  void followsTheFile() throws Exception {
    Path file = dir.resolve("probes");
    StatusStore store = StatusStore.global();
    store.report("pt.depth", "5", 0);
    Probes probes = new Probes(file, store);
    try {
      probes.look();
      assertEquals(Set.of(), probes.names());

      write(file, "a = key pt.depth warning=>10 every=100ms\n", 1);
      probes.look();
      assertEquals(Set.of("a"), probes.names());
      await(() -> Optional.of("ok").equals(Hermes.get("probe.a.status")));

      write(
          file,
          "a = key pt.depth warning=>1 every=100ms\nb = key pt.depth critical=>2 every=100ms\n",
          2);
      probes.look();
      assertEquals(Set.of("a", "b"), probes.names());
      await(() -> Optional.of("warning").equals(Hermes.get("probe.a.status")));
      await(() -> Optional.of("critical").equals(Hermes.get("probe.b.status")));

      write(file, "b = key pt.depth critical=>2 every=100ms\n", 3);
      probes.look();
      assertEquals(Set.of("b"), probes.names());
      assertFalse(Hermes.get("probe.a.status").isPresent());
      assertTrue(Hermes.get("probe.b.status").isPresent());

      Files.delete(file);
      probes.look();
      assertEquals(Set.of(), probes.names());
      assertFalse(Hermes.get("probe.b.status").isPresent());
    } finally {
      probes.stop();
      store.remove("pt.depth");
    }
  }

  // A distinct modification time for each version, as a real edit seconds apart would have.
  private static void write(Path file, String text, int version) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L * version));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), "condition not met within 10 s");
  }
}
