package dev.hermes.agent.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redirects {@code System.getLogger(String)} to {@link QuietLogger#get} in a class file by patching
 * its constant pool: the {@code Methodref} is pointed at constants appended to the end of the pool,
 * so every existing index, the bytecode and the stack map frames stay as they were. A hand patch
 * rather than ASM, so that starting the endpoint loads no bytecode library.
 */
final class LoggerRewriter {
  private static final String SYSTEM = "java/lang/System";
  private static final String GET_LOGGER = "getLogger";
  private static final String DESCRIPTOR = "(Ljava/lang/String;)Ljava/lang/System$Logger;";
  private static final String QUIET = "dev/hermes/agent/server/QuietLogger";
  private static final byte[] MARK = GET_LOGGER.getBytes(StandardCharsets.US_ASCII);

  private LoggerRewriter() {}

  /** The class with its System.getLogger(String) calls redirected; the same array if none. */
  static byte[] rewrite(byte[] bytes) {
    if (!contains(bytes, MARK)) {
      return bytes; // most classes never name it: no need to parse them
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
    int[] targets = new int[count];
    int found = 0;
    int descriptor = 0;
    for (int i = 1; i < count; i++) {
      int at = offsets[i];
      if (at == 0 || (bytes[at] & 0xff) != 10) {
        continue;
      }
      int cls = u2(bytes, at + 1);
      int nat = u2(bytes, at + 3);
      if (isUtf8(bytes, offsets, u2(bytes, offsets[cls] + 1), SYSTEM)
          && isUtf8(bytes, offsets, u2(bytes, offsets[nat] + 1), GET_LOGGER)
          && isUtf8(bytes, offsets, u2(bytes, offsets[nat] + 3), DESCRIPTOR)) {
        targets[found++] = at;
        descriptor = u2(bytes, offsets[nat] + 3);
      }
    }
    if (found == 0) {
      return bytes;
    }
    byte[] out = Arrays.copyOf(bytes, bytes.length);
    int quietName = count;
    int quietClass = count + 1;
    int getName = count + 2;
    int quietNat = count + 3;
    for (int t = 0; t < found; t++) {
      put2(out, targets[t] + 1, quietClass);
      put2(out, targets[t] + 3, quietNat);
    }
    put2(out, 8, count + 4);
    ByteArrayOutputStream patched = new ByteArrayOutputStream(bytes.length + 64);
    try (DataOutputStream data = new DataOutputStream(patched)) {
      data.write(out, 0, end);
      data.writeByte(1);
      data.writeUTF(QUIET);
      data.writeByte(7);
      data.writeShort(quietName);
      data.writeByte(1);
      data.writeUTF("get");
      data.writeByte(12);
      data.writeShort(getName);
      data.writeShort(descriptor);
      data.write(out, end, out.length - end);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return patched.toByteArray();
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
