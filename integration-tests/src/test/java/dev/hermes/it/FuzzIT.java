package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Malformed input, for a bounded time, against every route and the join/update path: the agent
 * keeps serving, every answer is a well-formed HTTP error, and no reported key changes.
 */
class FuzzIT {
  private static final long BUDGET_NANOS = 8_000_000_000L;
  private static final Pattern STATUS_LINE =
      Pattern.compile("^HTTP/1\\.1 [45]\\d\\d [^\\r\\n]*\\r\\n");
  private static final String[] PATHS = {
    "/", "/status", "/health", "/hermes/join", "/hermes/update", "/x"
  };

  @Test
  void malformedInputNeverHarmsTheEndpointOrItsKeys() throws Exception {
    Tree tree = Tree.start("", "key=role=root", "key=note=a b", "child=java,kid,key=role=kid");
    try (Started root = tree.root) {
      Map<String, String> before = tree.await("kid/role: kid", "kid/hermes.child.state: running");
      Random random = new Random(42);
      long deadline = System.nanoTime() + BUDGET_NANOS;
      int sent = 0;
      int answered = 0;
      while (System.nanoTime() < deadline) {
        byte[] input = input(random);
        String answer = send(tree.url, input);
        sent++;
        if (!answer.isEmpty()) {
          answered++;
          assertTrue(
              STATUS_LINE.matcher(answer).find(),
              "not a well-formed HTTP error: [" + answer + "] for [" + printable(input) + "]");
        }
      }
      assertTrue(sent > 50 && answered > 10, "sent " + sent + ", answered " + answered);
      Map<String, String> after = TextLines.parse(Http.get(tree.url + "/").body);
      assertEquals(before, after);
    }
  }

  private static byte[] input(Random random) {
    String path = PATHS[random.nextInt(PATHS.length)];
    switch (random.nextInt(7)) {
      case 0: // random bytes
        byte[] noise = new byte[1 + random.nextInt(400)];
        random.nextBytes(noise);
        return noise;
      case 1: // a request cut off inside its request line (any later cut may still be complete)
        String line = "GET " + path + " HTTP/1.1";
        return line.substring(0, random.nextInt(line.length()))
            .getBytes(StandardCharsets.ISO_8859_1);
      case 2: // invalid UTF-8 in the path and a header
        return concat(
            "GET /\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nX: ",
            new byte[] {(byte) 0xc3, 0x28},
            "\r\n\r\n");
      case 3: // invalid JSON
        return post(path, "{\"pid\":1,\"set\":{\"k\":" + "}".repeat(random.nextInt(5)));
      case 4: // deeply nested JSON
        int depth = 2000 + random.nextInt(3000);
        return post(
            random.nextBoolean() ? "/hermes/join" : "/hermes/update",
            "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"pid\":1}");
      case 5: // valid JSON, wrong shapes and values
        return post(
            "/hermes/update",
            "{\"set\":{\"bad key/\":{\"value\":1e999,\"age\":-5,\"ttl\":\"x\"}},\"removed\":[null]}");
      default: // an unknown method or a bad version
        return ("BREW " + path + " HTTP/9.9\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] post(String path, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return concat(
        "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + bytes.length + "\r\n\r\n",
        bytes,
        "");
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Sends, half-closes, and returns the first answer (empty if the server just closed). */
  private static String send(String url, byte[] input) throws IOException {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(7000);
      socket.getOutputStream().write(input);
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n = in.read(buffer);
      return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException reset) {
      return "";
    }
  }

  private static String printable(byte[] input) {
    String s = new String(input, 0, Math.min(input.length, 120), StandardCharsets.ISO_8859_1);
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
