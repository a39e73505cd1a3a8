package dev.hermes.agent.spawn;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code ProcessBuilder.start(Redirect[])}, through which {@code start()}, {@code
 * startPipeline()} and {@code Runtime.exec} all go, to hand the builder (at entry) and the started
 * {@code Process} (at each return) to {@link SpawnHook#HOOK}:
 *
 * <p>through {@link HookCall}.
 */
final class ProcessBuilderRewriter {
  static final String CLASS = "java/lang/ProcessBuilder";
  private static final String METHOD = "start";
  private static final String DESCRIPTOR =
      "([Ljava/lang/ProcessBuilder$Redirect;)Ljava/lang/Process;";

  private ProcessBuilderRewriter() {}

  /** The rewritten class, or null when the method is not found (an unknown JDK). */
  static byte[] rewrite(byte[] original) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    boolean[] found = new boolean[1];
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (METHOD.equals(name) && DESCRIPTOR.equals(descriptor)) {
              found[0] = true;
              return new HookCalls(mv);
            }
            return mv;
          }
        },
        0);
    return found[0] ? writer.toByteArray() : null;
  }

  private static final class HookCalls extends MethodVisitor {
    HookCalls(MethodVisitor mv) {
      super(Opcodes.ASM9, mv);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      super.visitVarInsn(Opcodes.ALOAD, 0);
      HookCall.handTo(mv, SpawnHook.class.getName());
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        super.visitInsn(Opcodes.DUP);
        HookCall.handTo(mv, SpawnHook.class.getName());
      }
      super.visitInsn(opcode);
    }
  }
}
