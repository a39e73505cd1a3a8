package dev.hermes.agent.spawn;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The call a rewritten JDK method makes into an agent hook: it takes the value on top of the stack
 * and hands it to the {@code public static} field {@code HOOK} of the hook's class, found through
 * the system class loader (where agent jars live):
 *
 * <pre>((Collection) Class.forName(HOOK_CLASS, false, ClassLoader.getSystemClassLoader())
 *     .getField("HOOK").get(null)).add(value)</pre>
 *
 * <p>Code injected into the JDK may name only {@code java.base} types, and this has no branch, so
 * no stack map frame is added or changed, which JDK 25's verifier would otherwise check. The hook
 * is not kept in the system properties, where any value that is not a {@code String} makes {@code
 * System.getProperties().list(...)} and {@code store(...)} throw in the host.
 */
public final class HookCall {
  /** The name of the field each hook class holds its hook in; {@link #NONE} until installed. */
  public static final String FIELD = "HOOK";

  /** What a hook field holds before the hook is installed: a collection that takes nothing. */
  public static final Collection<Object> NONE = new Ignoring();

  private HookCall() {}

  /** Emits the call into {@code mv}; the value on top of the stack is consumed. */
  public static void handTo(MethodVisitor mv, String hookClass) {
    mv.visitLdcInsn(hookClass);
    mv.visitInsn(Opcodes.ICONST_0);
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        "java/lang/ClassLoader",
        "getSystemClassLoader",
        "()Ljava/lang/ClassLoader;",
        false);
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        "java/lang/Class",
        "forName",
        "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;",
        false);
    mv.visitLdcInsn(FIELD);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        "java/lang/Class",
        "getField",
        "(Ljava/lang/String;)Ljava/lang/reflect/Field;",
        false);
    mv.visitInsn(Opcodes.ACONST_NULL);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        "java/lang/reflect/Field",
        "get",
        "(Ljava/lang/Object;)Ljava/lang/Object;",
        false);
    mv.visitTypeInsn(Opcodes.CHECKCAST, "java/util/Collection");
    mv.visitInsn(Opcodes.SWAP);
    mv.visitMethodInsn(
        Opcodes.INVOKEINTERFACE, "java/util/Collection", "add", "(Ljava/lang/Object;)Z", true);
    mv.visitInsn(Opcodes.POP);
  }

  /** A hook: only {@code add} means something; it holds nothing. */
  public abstract static class Hook extends AbstractCollection<Object> {
    @Override
    public Iterator<Object> iterator() {
      return Collections.emptyIterator();
    }

    @Override
    public int size() {
      return 0;
    }
  }

  private static final class Ignoring extends Hook {
    @Override
    public boolean add(Object o) {
      return false;
    }
  }
}
