package dev.hermes.agent.spawn;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code ProcessBuilder.start(Redirect[])}, through which {@code start()}, {@code
 * startPipeline()} and {@code Runtime.exec} all go, to hand the builder (at entry) and the started
 * {@code Process} (at each return) to the collection stored under {@link SpawnHook#PROPERTY}:
 *
 * <pre>((Collection) System.getProperties().getOrDefault(KEY, new ArrayList())).add(x)</pre>
 *
 * <p>Code injected into {@code java.base} may name only {@code java.base} types, and it has no
 * branch: the throwaway {@code ArrayList} stands in when the hook is absent, so no stack map frame
 * is added or changed, which JDK 25's verifier would otherwise check.
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
      pushHook();
      super.visitVarInsn(Opcodes.ALOAD, 0);
      addAndPop();
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        super.visitInsn(Opcodes.DUP);
        pushHook();
        super.visitInsn(Opcodes.SWAP);
        addAndPop();
      }
      super.visitInsn(opcode);
    }

    private void pushHook() {
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          "java/lang/System",
          "getProperties",
          "()Ljava/util/Properties;",
          false);
      super.visitLdcInsn(SpawnHook.PROPERTY);
      super.visitTypeInsn(Opcodes.NEW, "java/util/ArrayList");
      super.visitInsn(Opcodes.DUP);
      super.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/ArrayList", "<init>", "()V", false);
      super.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL,
          "java/util/Properties",
          "getOrDefault",
          "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
          false);
      super.visitTypeInsn(Opcodes.CHECKCAST, "java/util/Collection");
    }

    private void addAndPop() {
      super.visitMethodInsn(
          Opcodes.INVOKEINTERFACE, "java/util/Collection", "add", "(Ljava/lang/Object;)Z", true);
      super.visitInsn(Opcodes.POP);
    }
  }
}
