package dev.hermes.agent.mbean;

import dev.hermes.agent.spawn.HookCall;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code ManagementFactory.getPlatformMBeanServer()} to hand the server it returns to the
 * {@link PlatformServerHook#HOOK}, at each return:
 *
 * <pre>((Collection) System.getProperties().getOrDefault(KEY, new ArrayList())).add(server)</pre>
 *
 * <p>As for {@code ProcessBuilder}: the injected code names only {@code java.base} types and has no
 * branch, so no stack map frame is added or changed.
 */
final class ManagementFactoryRewriter {
  static final String CLASS = "java/lang/management/ManagementFactory";
  private static final String METHOD = "getPlatformMBeanServer";
  private static final String DESCRIPTOR = "()Ljavax/management/MBeanServer;";

  private ManagementFactoryRewriter() {}

  /** The rewritten class, or null when the method is not found (an unknown JDK). */
  static byte[] rewrite(byte[] original) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    Finder finder = new Finder(writer);
    reader.accept(finder, 0);
    return finder.found ? writer.toByteArray() : null;
  }

  private static final class Finder extends ClassVisitor {
    boolean found;

    Finder(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (METHOD.equals(name) && DESCRIPTOR.equals(descriptor)) {
        found = true;
        return new HookCallAtReturn(mv);
      }
      return mv;
    }
  }

  private static final class HookCallAtReturn extends MethodVisitor {
    HookCallAtReturn(MethodVisitor mv) {
      super(Opcodes.ASM9, mv);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        super.visitInsn(Opcodes.DUP);
        HookCall.handTo(mv, PlatformServerHook.class.getName());
      }
      super.visitInsn(opcode);
    }
  }
}
