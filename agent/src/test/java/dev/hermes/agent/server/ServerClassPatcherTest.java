package dev.hermes.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class ServerClassPatcherTest {
  private static byte[] serverImpl() throws Exception {
    return Files.readAllBytes(
        FileSystems.getFileSystem(URI.create("jrt:/"))
            .getPath("/modules/jdk.httpserver/sun/net/httpserver/ServerImpl.class"));
  }

  /** Every static call in the class, as owner.name descriptor, read back with ASM. */
  private static List<String> staticCalls(byte[] bytes) {
    List<String> calls = new ArrayList<>();
    new ClassReader(bytes)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitMethodInsn(
                      int opcode, String owner, String method, String d, boolean itf) {
                    if (opcode == Opcodes.INVOKESTATIC) {
                      calls.add(owner + "." + method + d);
                    }
                  }
                };
              }
            },
            0);
    return calls;
  }

  @Test
  void redirectsTheJdkServersGetLoggerToTheQuietLogger() throws Exception {
    byte[] original = serverImpl();
    List<String> before = staticCalls(original);
    List<String> after = staticCalls(ServerClassPatcher.patch(original));
    String getLogger = "java/lang/System.getLogger(Ljava/lang/String;)Ljava/lang/System$Logger;";
    String quiet =
        "dev/hermes/agent/server/QuietLogger.getLogger(Ljava/lang/String;)Ljava/lang/System$Logger;";
    assertEquals(before.size(), after.size(), "one for one");
    assertEquals(0, after.stream().filter(getLogger::equals).count());
    assertEquals(
        before.stream().filter(getLogger::equals).count(),
        after.stream().filter(quiet::equals).count());
    List<String> others = new ArrayList<>(after);
    others.removeIf(quiet::equals);
    List<String> originalOthers = new ArrayList<>(before);
    originalOthers.removeIf(getLogger::equals);
    assertEquals(originalOthers, others, "every other call is untouched");
  }

  @Test
  void theServersConfigurationReadsHermessPropertiesNotTheSystems() throws Exception {
    // JDK 17 reads them in ServerConfig$1 (a PrivilegedAction), later JDKs in ServerConfig.
    List<String> calls = new ArrayList<>();
    for (String name : List.of("ServerConfig", "ServerConfig$1")) {
      try {
        calls.addAll(staticCalls(ServerClassPatcher.patch(jdkClass(name))));
      } catch (java.nio.file.NoSuchFileException absent) {
        // not in this JDK
      }
    }
    String props = "dev/hermes/agent/server/ServerProperties.";
    assertTrue(calls.contains(props + "getLong(Ljava/lang/String;J)Ljava/lang/Long;"), "" + calls);
    assertTrue(
        calls.contains(props + "getInteger(Ljava/lang/String;I)Ljava/lang/Integer;"), "" + calls);
    assertTrue(calls.contains(props + "getBoolean(Ljava/lang/String;)Z"), "" + calls);
    for (String call : calls) {
      assertFalse(
          call.startsWith("java/lang/Long.getLong")
              || call.startsWith("java/lang/Integer.getInteger")
              || call.startsWith("java/lang/Boolean.getBoolean"),
          call);
    }
  }

  private static byte[] jdkClass(String simpleName) throws Exception {
    return Files.readAllBytes(
        FileSystems.getFileSystem(URI.create("jrt:/"))
            .getPath("/modules/jdk.httpserver/sun/net/httpserver/" + simpleName + ".class"));
  }

  @Test
  void classWithoutGetLoggerIsReturnedAsItIs() throws Exception {
    byte[] bytes =
        Files.readAllBytes(
            FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("/modules/java.base/java/lang/Object.class"));
    assertSame(bytes, ServerClassPatcher.patch(bytes));
  }
}
