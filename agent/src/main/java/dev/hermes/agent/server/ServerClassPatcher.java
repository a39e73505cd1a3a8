package dev.hermes.agent.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redirects static calls in the private copy of the JDK's HTTP server by patching each class's
 * constant pool: a matching {@code Methodref} is pointed at a {@code Class} constant appended to
 * the end of the pool, keeping its name and descriptor, so every existing index, the bytecode and
 * the stack map frames stay as they were. Two kinds of call are redirected:
 *
 * <ul>
 *   <li>{@code System.getLogger(String)} to {@link QuietLogger#getLogger}, so the copy never
 *       initialises {@code java.util.logging};
 *   <li>the property reads of its configuration ({@code Long.getLong}, {@code Integer.getInteger},
 *       {@code Boolean.getBoolean}, {@code System.getProperty}) to {@link ServerProperties}, so the
 *       copy gets Hermes's tuning without a system property ever being set: the host never sees
 *       them, and its own servers keep theirs.
 * </ul>
 *
 * A hand patch rather than ASM, so that starting the endpoint loads no bytecode library.
 */
final class ServerClassPatcher {
  private static final String QUIET = "dev/hermes/agent/server/QuietLogger";
  private static final String PROPERTIES = "dev/hermes/agent/server/ServerProperties";

  // owner, name, descriptor, new owner
  private static final String[][] REDIRECTS = {
    {"java/lang/System", "getLogger", "(Ljava/lang/String;)Ljava/lang/System$Logger;", QUIET},
    {"java/lang/Long", "getLong", "(Ljava/lang/String;J)Ljava/lang/Long;", PROPERTIES},
    {"java/lang/Integer", "getInteger", "(Ljava/lang/String;I)Ljava/lang/Integer;", PROPERTIES},
    {"java/lang/Boolean", "getBoolean", "(Ljava/lang/String;)Z", PROPERTIES},
    {"java/lang/System", "getProperty", "(Ljava/lang/String;)Ljava/lang/String;", PROPERTIES},
  };
  private static final byte[][] MARKS = marks();

  private ServerClassPatcher() {}

  /** The class with its calls redirected; the same array if it has none of them. */
  static byte[] patch(byte[] bytes) {
    if (!mentionsAny(bytes)) {
      return bytes; // most classes name none of them: no need to parse them
    }
    int count = u2(bytes, 8);
    int[] offsets = new int[count];
    int pos = 10;
    for (int i = 1; i < count; i++) {
      offsets[i] = pos;
      int tag = bytes[pos] & 0xff;
      pos += entrySize(bytes, pos, tag);
      if (tag == 5 || tag == 6) {
        i++; // long and double take two slots
      }
    }
    int end = pos;
    byte[] out = null;
    // The new owners, in the order their constants are appended: Utf8 then Class, two slots each.
    List<String> owners = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int at = offsets[i];
      if (at == 0 || (bytes[at] & 0xff) != 10) {
        continue;
      }
      int cls = u2(bytes, at + 1);
      int nat = u2(bytes, at + 3);
      for (String[] r : REDIRECTS) {
        if (isUtf8(bytes, offsets, u2(bytes, offsets[cls] + 1), r[0])
            && isUtf8(bytes, offsets, u2(bytes, offsets[nat] + 1), r[1])
            && isUtf8(bytes, offsets, u2(bytes, offsets[nat] + 3), r[2])) {
          if (out == null) {
            out = Arrays.copyOf(bytes, bytes.length);
          }
          int owner = owners.indexOf(r[3]);
          if (owner < 0) {
            owner = owners.size();
            owners.add(r[3]);
          }
          put2(out, at + 1, count + 2 * owner + 1);
          break;
        }
      }
    }
    if (out == null) {
      return bytes;
    }
    put2(out, 8, count + 2 * owners.size());
    ByteArrayOutputStream patched = new ByteArrayOutputStream(bytes.length + 128);
    try (DataOutputStream data = new DataOutputStream(patched)) {
      data.write(out, 0, end);
      for (int o = 0; o < owners.size(); o++) {
        data.writeByte(1); // Utf8
        data.writeUTF(owners.get(o));
        data.writeByte(7); // Class
        data.writeShort(count + 2 * o);
      }
      data.write(out, end, out.length - end);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return patched.toByteArray();
  }

  private static byte[][] marks() {
    byte[][] marks = new byte[REDIRECTS.length][];
    for (int i = 0; i < REDIRECTS.length; i++) {
      marks[i] = REDIRECTS[i][1].getBytes(StandardCharsets.US_ASCII);
    }
    return marks;
  }

  private static boolean mentionsAny(byte[] bytes) {
    for (byte[] mark : MARKS) {
      if (contains(bytes, mark)) {
        return true;
      }
    }
    return false;
  }

  private static int entrySize(byte[] b, int pos, int tag) {
    switch (tag) {
      case 1: // Utf8
        return 3 + u2(b, pos + 1);
      case 7: // Class
      case 8: // String
      case 16: // MethodType
      case 19: // Module
      case 20: // Package
        return 3;
      case 15: // MethodHandle
        return 4;
      case 3: // Integer
      case 4: // Float
      case 9: // Fieldref
      case 10: // Methodref
      case 11: // InterfaceMethodref
      case 12: // NameAndType
      case 17: // Dynamic
      case 18: // InvokeDynamic
        return 5;
      case 5: // Long
      case 6: // Double
        return 9;
      default:
        throw new IllegalArgumentException("unknown constant pool tag " + tag);
    }
  }

  private static boolean isUtf8(byte[] b, int[] offsets, int index, String ascii) {
    int at = offsets[index];
    if ((b[at] & 0xff) != 1 || u2(b, at + 1) != ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + 3 + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static void put2(byte[] b, int at, int value) {
    b[at] = (byte) (value >> 8);
    b[at + 1] = (byte) value;
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
