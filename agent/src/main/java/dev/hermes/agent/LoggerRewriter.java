package dev.hermes.agent;

import java.nio.charset.StandardCharsets;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Redirects {@code System.getLogger(String)} to {@link QuietLogger#get} in a class's bytecode. The
 * call is replaced one for one (same arguments, same result type), so no frame changes.
 */
final class LoggerRewriter {
  private static final String DESCRIPTOR = "(Ljava/lang/String;)Ljava/lang/System$Logger;";
  private static final String QUIET = "dev/hermes/agent/QuietLogger";
  private static final byte[] MARK = "getLogger".getBytes(StandardCharsets.US_ASCII);

  private LoggerRewriter() {}

  /** The class with its System.getLogger calls redirected; the same array if it has none. */
  static byte[] rewrite(byte[] bytes) {
    if (!contains(bytes, MARK)) {
      return bytes; // most classes never name it: no need to parse them
    }
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            return new MethodVisitor(Opcodes.ASM9, mv) {
              @Override
              public void visitMethodInsn(
                  int opcode, String owner, String method, String desc, boolean itf) {
                if (opcode == Opcodes.INVOKESTATIC
                    && owner.equals("java/lang/System")
                    && method.equals("getLogger")
                    && desc.equals(DESCRIPTOR)) {
                  super.visitMethodInsn(opcode, QUIET, "get", DESCRIPTOR, false);
                } else {
                  super.visitMethodInsn(opcode, owner, method, desc, itf);
                }
              }
            };
          }
        },
        0);
    return writer.toByteArray();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
