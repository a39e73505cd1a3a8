package dev.hermes.agent.spawn;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The call a rewritten JDK method makes into an agent hook: it takes the value on top of the stack
 * and does
 *
 * <pre>((Collection) System.getProperties().getOrDefault(KEY, new ArrayList())).add(value)</pre>
 *
 * <p>Code injected into the JDK may name only {@code java.base} types, and this has no branch: the
 * throwaway {@code ArrayList} stands in when the hook is absent, so no stack map frame is added or
 * changed, which JDK 25's verifier would otherwise check.
 */
public final class HookCall {
  private HookCall() {}

  /** Emits the call into {@code mv}; the value on top of the stack is consumed. */
  public static void handTo(MethodVisitor mv, String property) {
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        "java/lang/System",
        "getProperties",
        "()Ljava/util/Properties;",
        false);
    mv.visitLdcInsn(property);
    mv.visitTypeInsn(Opcodes.NEW, "java/util/ArrayList");
    mv.visitInsn(Opcodes.DUP);
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/ArrayList", "<init>", "()V", false);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        "java/util/Properties",
        "getOrDefault",
        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
        false);
    mv.visitTypeInsn(Opcodes.CHECKCAST, "java/util/Collection");
    mv.visitInsn(Opcodes.SWAP);
    mv.visitMethodInsn(
        Opcodes.INVOKEINTERFACE, "java/util/Collection", "add", "(Ljava/lang/Object;)Z", true);
    mv.visitInsn(Opcodes.POP);
  }
}
