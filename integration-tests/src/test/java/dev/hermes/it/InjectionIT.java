package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the agent does, and does not do, to the commands and tools a JVM starts. */
class InjectionIT {
  @Test
  void javacStartedByAnInstrumentedJvmCompilesAndPrintsNothingNew() throws Exception {
    Path dir = Temp.dir("hermes-javac");
    Path src = dir.resolve("Hello.java");
    Files.writeString(src, "class Hello { public static void main(String[] a) {} }\n");
    Tree tree = Tree.start("", "javac=" + src + "," + dir.resolve("out"));
    try (Started root = tree.root) {
      Map<String, String> text = tree.await("javac.exit: 0");
      assertEquals("", text.get("javac.output"));
      assertTrue(Files.exists(dir.resolve("out/Hello.class")));
    }
  }

  @Test
  void childStdoutIsByteIdenticalWithTheAgent() throws Exception {
    // A directory of its own: the child writes out.err beside out.
    Path out = Temp.dir("hermes-plain").resolve("out");
    Tree tree = Tree.start("", "plain=" + out);
    try (Started root = tree.root) {
      tree.await("plain.exit: 4");
      assertEquals("plain: hello\nplain: bye\n", Files.readString(out));
      assertEquals("", Files.readString(Path.of(out + ".err")));
    }
  }

  @Test
  void injectOffSpawnsUntouchedChildren() throws Exception {
    Path out = Temp.file("hermes-probe", ".out");
    Tree tree = Tree.start("inject=off", "child=java,-,probe=" + out, "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      String probe = awaitContent(out);
      assertFalse(probe.contains("-javaagent"), probe);
      assertTrue(probe.contains("parent: null"), probe);
    }
  }

  @Test
  void directJavaChildGetsTheAgentOnItsCommandLine() throws Exception {
    Path out = Temp.file("hermes-probe", ".out");
    Tree tree = Tree.start("", "child=java,-,probe=" + out, "key=role=root");
    try (Started root = tree.root) {
      tree.await("role: root");
      String probe = awaitContent(out);
      assertTrue(probe.contains("-javaagent:" + Jvm.hermesJar()), probe);
      assertTrue(probe.contains("parent: " + tree.url), probe);
    }
  }

  private static String awaitContent(Path file) throws Exception {
    for (int i = 0; i < 400; i++) {
      String text = Files.readString(file);
      if (text.endsWith("\n")) {
        return text;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing written to " + file);
  }
}
