package dev.hermes.agent.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SeedJson} against Jackson, the parser it replaced: on well-formed JSON the same tokens
 * with the same texts, on malformed JSON a failure as well (the messages differ), over generated
 * documents and single-character mutations of them, read through a stream that hands out a few
 * bytes at a time.
 */
class SeedJsonTest {
  private static final JsonFactory JACKSON = new JsonFactory();

  /** The tokens of the first top-level value, "T:text" each, or "ERROR" on malformed input. */
  private static List<String> ours(byte[] json, int chunk) throws IOException {
    List<String> tokens = new ArrayList<>();
    SeedJson p = new SeedJson(new Trickle(json, chunk));
    try {
      int t;
      while ((t = p.next()) != SeedJson.END) {
        tokens.add(t + (t == SeedJson.FIELD_NAME || SeedJson.isScalar(t) ? ":" + p.text() : ""));
      }
    } catch (SeedAnswer.NotSeedJson e) {
      assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
      return List.of("ERROR");
    }
    return tokens;
  }

  private static List<String> jackson(byte[] json) throws IOException {
    List<String> tokens = new ArrayList<>();
    try (JsonParser p = JACKSON.createParser(json)) {
      int depth = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int ours = code(t);
        tokens.add(
            ours
                + (ours == SeedJson.FIELD_NAME || SeedJson.isScalar(ours)
                    ? ":" + p.getText()
                    : ""));
        if (t.isStructStart()) {
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
        }
        if (depth == 0) {
          break; // the first top-level value only, as a pull reads
        }
      }
    } catch (JsonProcessingException e) {
      return List.of("ERROR");
    }
    return tokens;
  }

  private static int code(JsonToken t) {
    switch (t) {
      case START_OBJECT:
        return SeedJson.START_OBJECT;
      case END_OBJECT:
        return SeedJson.END_OBJECT;
      case START_ARRAY:
        return SeedJson.START_ARRAY;
      case END_ARRAY:
        return SeedJson.END_ARRAY;
      case FIELD_NAME:
        return SeedJson.FIELD_NAME;
      case VALUE_STRING:
        return SeedJson.STRING;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return SeedJson.NUMBER;
      case VALUE_TRUE:
        return SeedJson.TRUE;
      case VALUE_FALSE:
        return SeedJson.FALSE;
      case VALUE_NULL:
        return SeedJson.NULL;
      default:
        throw new AssertionError(t);
    }
  }

  private static void same(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    List<String> expected = jackson(bytes);
    for (int chunk : new int[] {1, 3, 8192}) {
      assertEquals(expected, ours(bytes, chunk), "[" + json + "] read " + chunk + " at a time");
    }
  }

  @Test
  void wellFormed() throws IOException {
    same("{}");
    same("[]");
    same(" \t\r\n{ \"a\" : { } , \"b\":[ ] } trailing is not read");
    same(
        "{\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 caf\u00e9 \u20ac \ud83d\ude00\"}");
    same("[0, -0, 1, -12, 1.5, -0.25, 1e5, 1E+5, 2e-3, 12345678901234567890, 1.0e400]");
    same("[true, false, null, [[], {}], {\"x\": [1, {\"y\": null}]}]");
    same("\"just a string\"");
    same("42");
    same("");
    same("   ");
  }

  @Test
  void nestingIsBounded() throws IOException {
    String deepest = "[".repeat(SeedJson.MAX_DEPTH - 1) + "{}" + "]".repeat(SeedJson.MAX_DEPTH - 1);
    same(deepest);
    byte[] deeper = "[".repeat(SeedJson.MAX_DEPTH + 1).getBytes(StandardCharsets.UTF_8);
    SeedJson json = new SeedJson(new ByteArrayInputStream(deeper));
    SeedAnswer.NotSeedJson refused =
        assertThrows(
            SeedAnswer.NotSeedJson.class,
            () -> {
              while (json.next() != SeedJson.END) {
                // on until refused
              }
            });
    assertTrue(
        refused.getMessage().startsWith("not JSON: nested deeper than 1000"), refused.getMessage());
  }

  @Test
  void malformed() throws IOException {
    for (String bad :
        new String[] {
          "{",
          "{\"a\"",
          "{\"a\":",
          "{\"a\":1",
          "{\"a\":1,}",
          "[1,]",
          "{,}",
          "[,]",
          "{\"a\" 1}",
          "{a:1}",
          "{'a':1}",
          "[01]",
          "[1.]",
          "[.5]",
          "[+1]",
          "[-]",
          "[1e]",
          "[1e+]",
          "[tru]",
          "[truex]",
          "[nul]",
          "[NaN]",
          "[\"a\\x\"]",
          "[\"\\u12g4\"]",
          "[\"a\nb\"]",
          "[1 2]",
          "{\"a\":1 \"b\":2}",
          "[\"unterminated]",
          "}",
          "]",
          "[}",
          "{]",
          "{\"a\":1]",
          "[1}"
        }) {
      same(bad);
      assertEquals(List.of("ERROR"), ours(bad.getBytes(StandardCharsets.UTF_8), 8192), bad);
    }
  }

  @Test
  void invalidUtf8InAStringFails() throws IOException {
    byte[][] cases = {
      {'"', (byte) 0xff, '"'}, {'"', (byte) 0xc3, '"'}, {'"', (byte) 0xe2, (byte) 0x82, '"'},
    };
    for (byte[] bad : cases) {
      assertEquals(List.of("ERROR"), ours(bad, 8192));
      assertEquals(List.of("ERROR"), jackson(bad));
    }
  }

  @Test
  void generatedDocumentsAndTheirMutationsReadAsJacksonReadsThem() throws IOException {
    Random random = new Random(17);
    String alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\n";
    int malformed = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder doc = new StringBuilder();
      value(random, doc, 0);
      same(doc.toString());
      for (int m = 0; m < 5; m++) {
        StringBuilder mutated = new StringBuilder(doc);
        int at = random.nextInt(mutated.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0:
            mutated.insert(at, c);
            break;
          case 1:
            if (at < mutated.length()) {
              mutated.deleteCharAt(at);
            }
            break;
          default:
            if (at < mutated.length()) {
              mutated.setCharAt(at, c);
            }
        }
        List<String> expected = jackson(mutated.toString().getBytes(StandardCharsets.UTF_8));
        malformed += expected.equals(List.of("ERROR")) ? 1 : 0;
        same(mutated.toString());
      }
    }
    assertTrue(malformed > 1000, "mutations that broke the JSON: " + malformed);
  }

  @Test
  void whatTheStreamThrowsPassesThrough() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new TooLarge("answer too large: cut off at 1 MiB");
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return read();
          }
        };
    assertThrows(TooLarge.class, () -> new SeedJson(failing).next());
  }

  private static void value(Random random, StringBuilder out, int depth) {
    int kind = random.nextInt(depth > 4 ? 6 : 8);
    switch (kind) {
      case 0:
        string(random, out);
        break;
      case 1:
        number(random, out);
        break;
      case 2:
        out.append("true");
        break;
      case 3:
        out.append("false");
        break;
      case 4:
        out.append("null");
        break;
      case 5:
        string(random, out);
        break;
      case 6:
        out.append('[');
        for (int i = random.nextInt(4); i > 0; i--) {
          space(random, out);
          value(random, out, depth + 1);
          space(random, out);
          out.append(i > 1 ? "," : "");
        }
        out.append(']');
        break;
      default:
        out.append('{');
        for (int i = random.nextInt(5); i > 0; i--) {
          space(random, out);
          string(random, out);
          space(random, out);
          out.append(':');
          space(random, out);
          value(random, out, depth + 1);
          out.append(i > 1 ? "," : "");
        }
        out.append('}');
    }
  }

  private static void space(Random random, StringBuilder out) {
    String[] spaces = {"", "", " ", "\n", "\t ", "\r\n"};
    out.append(spaces[random.nextInt(spaces.length)]);
  }

  private static void string(Random random, StringBuilder out) {
    String[] parts = {
      "a",
      "value",
      "age",
      "ttl",
      "queue depth",
      "x/y",
      "\\\"",
      "\\\\",
      "\\/",
      "\\n",
      "\\t",
      "\\u0041",
      "\\u00e9",
      "\\ud83d\\ude00",
      "\u00e9",
      "\u20ac",
      "\ud83d\ude00",
      "0",
      " "
    };
    out.append('"');
    for (int i = random.nextInt(4); i > 0; i--) {
      out.append(parts[random.nextInt(parts.length)]);
    }
    out.append('"');
  }

  private static void number(Random random, StringBuilder out) {
    if (random.nextBoolean()) {
      out.append('-');
    }
    out.append(random.nextInt(4) == 0 ? "0" : Integer.toString(1 + random.nextInt(100000)));
    if (random.nextBoolean()) {
      out.append('.').append(random.nextInt(1000));
    }
    if (random.nextInt(4) == 0) {
      out.append(random.nextBoolean() ? 'e' : 'E');
      out.append(random.nextBoolean() ? "" : random.nextBoolean() ? "+" : "-");
      out.append(random.nextInt(300));
    }
  }

  /** A stream that hands out at most {@code chunk} bytes a read. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int chunk;

    Trickle(byte[] bytes, int chunk) {
      super(bytes);
      this.chunk = chunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, chunk));
    }
  }
}
