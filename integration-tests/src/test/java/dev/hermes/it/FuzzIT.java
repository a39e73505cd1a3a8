package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Malformed input, for a bounded time, against every route and the join/update path: the agent
 * keeps serving, every answer is a well-formed HTTP error, and no reported key changes. Then the
 * join/update path with structure-aware mutations (wrong types, nesting, huge names and values,
 * deep paths; chunked, slow and broken bodies): every answer is a 200 or a 4xx, within the request
 * deadline, or for a body the server cannot read, the connection closed unanswered; the host stays
 * healthy and its stderr has no stack trace and no line over 300 characters.
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
      assertEquals(stable(before), stable(after));
      assertEquals(200, Http.get(tree.url + "/health").status);
      assertStderrClean(root);
    }
  }

  /**
   * The keys without those that measure the child's process as it runs (its CPU and memory, which
   * the parent samples every second): what fuzzing must leave exactly as it was.
   */
  private static Map<String, String> stable(Map<String, String> keys) {
    Map<String, String> stable = new java.util.TreeMap<>(keys);
    stable
        .keySet()
        .removeIf(k -> k.contains("/hermes.child.cpu.") || k.contains("/hermes.child.memory."));
    return stable;
  }

  // ---- The join/update path, structure-aware ----

  /** A whole answer: a 200 or a 4xx with a well-formed status line. */
  private static final Pattern ANSWER =
      Pattern.compile("^HTTP/1\\.1 (200|4\\d\\d) [^\\r\\n]*\\r\\n");

  /** An answer, or the connection closed, within this: the 5 s request deadline and slack. */
  private static final int DEADLINE_MILLIS = 8000;

  private static final long MUTATION_BUDGET_NANOS = 10_000_000_000L;

  @Test
  void joinAndUpdateMutationsAreAnswered200Or4xx() throws Exception {
    try (Host host = Host.start()) {
      Random random = new Random(4242);
      long deadline = System.nanoTime() + MUTATION_BUDGET_NANOS;
      int sent = 0;
      int ok = 0;
      while (System.nanoTime() < deadline) {
        Post post = mutation(random, host);
        String answer = post.send(host.url, random);
        sent++;
        if (answer.startsWith("HTTP/1.1 200 ")) {
          ok++;
        }
        post.check(answer);
      }
      assertTrue(sent > 100 && ok > 10, "sent " + sent + ", 200 for " + ok);
      host.assertHealthy();
    }
  }

  @Test
  void namedEdgeCasesAreAnswered200Or4xx() throws Exception {
    try (Host host = Host.start()) {
      Random random = new Random(7);
      String s = host.session;
      List<Post> posts = new ArrayList<>();
      posts.add(Post.update(s, "{\"full\":{\"set\":{\"q\":{\"value\":\"1\"}}},\"set\":{}}"));
      posts.add(Post.update(s, "{\"set\":[{\"value\":\"1\"}]}"));
      posts.add(Post.update(s, "{\"set\":\"k\"}"));
      posts.add(Post.update(s, "{\"removed\":{\"k\":1}}"));
      posts.add(Post.update(s, "{\"removed\":[1,[2],{}]}"));
      posts.add(Post.update(s, "{\"pid\":\"x\",\"set\":{\"k\":{\"value\":\"v\"}}}"));
      for (String ttl : new String[] {"-1", "NaN", "1e308", "1e999", "\"30\"", "-0.0", "1e10"}) {
        posts.add(Post.update(s, "{\"set\":{\"k\":{\"value\":\"v\",\"ttl\":" + ttl + "}}}"));
      }
      for (String age : new String[] {"\"3\"", "-3", "NaN", "1e308", "{}", "[1]"}) {
        posts.add(Post.update(s, "{\"set\":{\"k\":{\"value\":\"v\",\"age\":" + age + "}}}"));
      }
      posts.add(Post.update(s, "{\"set\":{\"k\":{\"value\":7}}}"));
      posts.add(Post.update(s, "{\"set\":{\"k\":{\"value\":\"" + "v".repeat(8193) + "\"}}}"));
      posts.add(Post.update(s, "{\"set\":{\"k\":{\"value\":\"" + "v".repeat(1_000_000) + "\"}}}"));
      posts.add(Post.update(s, "{\"set\":{\"" + "k".repeat(1_000_000) + "\":{\"value\":\"v\"}}}"));
      posts.add(Post.update(s, "{\"removed\":[\"" + "k".repeat(1_000_000) + "\"]}"));
      posts.add(Post.update(s, "{\"set\":{\"" + path(300) + "\":{\"value\":\"v\"}}}"));
      posts.add(Post.update(s, "{\"removed\":[\"" + path(300) + "\"]}"));
      posts.add(
          Post.update(
              s, "{\"set\":{\"k\":{\"value\":" + "[".repeat(3000) + "]".repeat(3000) + "}}}"));
      posts.add(Post.update("no-such-session", "{\"set\":{\"k\":{\"value\":\"v\"}}}"));
      posts.add(Post.update(null, "{\"set\":{\"k\":{\"value\":\"v\"}}}"));
      posts.add(Post.join("{\"pid\":\"x\"}"));
      posts.add(Post.join("{\"pid\":1.5}"));
      posts.add(Post.join("{\"pid\":99999999999999999999}"));
      posts.add(Post.join("{\"pid\":" + Host.PID + ",\"name\":{\"a\":1},\"main\":[]}"));
      posts.add(Post.join("{\"pid\":" + Host.PID + ",\"token\":7}"));
      posts.add(Post.join("{\"pid\":" + Host.PID + ",\"name\":\"" + "n".repeat(1_000_000) + "\"}"));
      posts.add(Post.join("{\"pid\":" + Host.PID + ",\"name\":\"" + path(300) + "\"}"));
      posts.add(Post.join("{\"pid\":" + Host.PID + ",\"url\":{\"u\":1},\"adoptedFrom\":[1]}"));
      for (Post post : posts) {
        for (Framing framing : new Framing[] {Framing.LENGTH, Framing.CHUNKED, Framing.SLOW}) {
          post.framing = framing;
          post.check(post.send(host.url, random));
        }
      }
      host.assertHealthy();
    }
  }

  @Test
  void bodiesTheServerCannotReadCloseTheConnectionUnanswered() throws Exception {
    try (Host host = Host.start()) {
      String[] chunked = {
        "zz\r\n{}\r\n0\r\n\r\n", // not a chunk size
        "2\r\n{}XX0\r\n\r\n", // no CRLF after the data
        "80000000\r\n{}\r\n0\r\n\r\n", // a chunk of 2 GiB: an int overflow in the JDK's reader
        "ffffffff\r\n{}\r\n0\r\n\r\n",
        "123456789abcdef0\r\n{}\r\n0\r\n\r\n", // longer than the JDK reads
        "5\r\n{}", // the connection half-closed inside a chunk
      };
      for (String body : chunked) {
        String answer =
            send(
                host.url,
                ("POST /hermes/update HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nHermes-Session: "
                        + host.session
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(
            answer.isEmpty() || answer.startsWith("HTTP/1.1 400 "),
            "not a 400 or a close: [" + answer + "] for " + printable(body.getBytes()));
      }
      // A body shorter than its Content-Length, the connection half-closed after it.
      String shortBody =
          send(
              host.url,
              "POST /hermes/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{}"
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertTrue(shortBody.isEmpty() || shortBody.startsWith("HTTP/1.1 400 "), shortBody);
      // A body that never ends is cut off at the request deadline.
      Post endless = Post.update(host.session, "{\"set\":{}}");
      endless.framing = Framing.ENDLESS;
      endless.check(endless.send(host.url, new Random(1)));
      host.assertHealthy();
    }
  }

  @Test
  void aNonBooleanFullIsRefusedNotReadAsTheBatch() throws Exception {
    try (Host host = Host.start()) {
      // Read as full=false with the parser left inside the object: q was stored, z dropped, 200.
      String answer =
          Post.update(
                  host.session,
                  "{\"full\":{\"set\":{\"q\":{\"value\":\"1\"}}},\"set\":{\"z\":{\"value\":\"2\"}}}")
              .send(host.url, new Random(1));
      assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
      assertFalse(Http.get(host.url + "/").body.contains(host.name + "/q: "));
      host.assertHealthy();
    }
  }

  @Test
  void aKeyValidInTheChildButTooLongUnderItsNameIsNot500() throws Exception {
    try (Host host = Host.start()) {
      // Valid at the child (at most 256 characters), too long once the parent puts the child's
      // name in front: store.put threw, 500, and the whole key was echoed on stderr.
      for (String key : new String[] {"k".repeat(252), path(126), "k".repeat(256)}) {
        Post post = Post.update(host.session, "{\"set\":{\"" + key + "\":{\"value\":\"v\"}}}");
        post.check(post.send(host.url, new Random(1)));
      }
      host.assertHealthy();
    }
  }

  @Test
  void aJoinWhoseDerivedNameIsTooLongIsNot500() throws Exception {
    try (Host host = Host.start()) {
      // The name comes from the main when none is valid; a main of 300 characters or 1 MB made a
      // name too long for the parent's keys: 500, and the 1 MB key was echoed on stderr.
      for (String main : new String[] {"M".repeat(300), "M".repeat(1_000_000)}) {
        Post post = Post.join("{\"pid\":" + Host.PID + ",\"main\":\"" + main + "\"}");
        post.check(post.send(host.url, new Random(1)));
      }
      host.assertHealthy();
    }
  }

  @Test
  void aJoinWithAnOversizeAdoptedFromIsNot500() throws Exception {
    try (Host host = Host.start()) {
      Post post =
          Post.join("{\"pid\":" + Host.PID + ",\"adoptedFrom\":\"" + "a".repeat(9000) + "\"}");
      post.check(post.send(host.url, new Random(1)));
      host.assertHealthy();
    }
  }

  @Test
  void aJoinNamingTheParentsOwnPidIsNot500() throws Exception {
    try (Host host = Host.start()) {
      // ProcessHandle.onExit() of the current process throws IllegalStateException.
      Post post = Post.join("{\"pid\":" + host.tree.root.pid() + ",\"name\":\"self\"}");
      post.check(post.send(host.url, new Random(1)));
      host.assertHealthy();
    }
  }

  /** A path of {@code levels} one-letter segments: "a/b/c/...". */
  private static String path(int levels) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      path.append(i == 0 ? "" : "/").append((char) ('a' + i % 26));
    }
    return path.toString();
  }

  /** One structure-aware mutation of a join or an update, clear of the tree side's known bugs. */
  private static Post mutation(Random random, Host host) {
    String session = random.nextInt(10) == 0 ? "nope" : host.session;
    Post post;
    switch (random.nextInt(5)) {
      case 0: // an update with one field of a wrong type or value
        post = Post.update(session, update(random, true));
        break;
      case 1: // a join with one field of a wrong type or value
        post = Post.join(join(random));
        break;
      case 2: // huge: values, keys, many keys
        post = Post.update(session, huge(random));
        break;
      case 3: // deep: paths, nesting
        post = Post.update(session, deep(random));
        break;
      default: // a well-formed update, so that the mutations above meet a child with keys
        post = Post.update(session, update(random, false));
    }
    int framing = random.nextInt(10);
    post.framing = framing < 6 ? Framing.LENGTH : framing < 9 ? Framing.CHUNKED : Framing.SLOW;
    return post;
  }

  /** Values of every JSON type, and some that are not JSON at all. */
  private static final String[] ODD = {
    "\"x\"",
    "\"\"",
    "1",
    "-1",
    "0",
    "1.5",
    "1e309",
    "-0.0",
    "9223372036854775808",
    "true",
    "null",
    "[]",
    "[1,\"a\"]",
    "{}",
    "{\"value\":\"v\"}",
    "{\"set\":{\"q\":{\"value\":\"1\"}}}",
    "NaN",
    "\"NaN\"",
    "[[[[[[[[]]]]]]]]",
    "\"\\u0000\"",
    "\"\\ud800\"",
  };

  private static String odd(Random random) {
    return ODD[random.nextInt(ODD.length)];
  }

  private static String key(Random random) {
    String[] keys = {
      "k", "a.b", "x_1", "deep/er", "hermes.child.state", "bad key", "", ".x", "a//b"
    };
    return keys[random.nextInt(keys.length)];
  }

  private static String update(Random random, boolean mutate) {
    String full = random.nextBoolean() ? "true" : "false";
    String value = "\"v" + random.nextInt(100) + "\"";
    String age = Double.toString(random.nextDouble() * 10);
    String ttl = random.nextBoolean() ? "0" : Integer.toString(1 + random.nextInt(60));
    String entry = null;
    String set = null;
    String removed = "[\"" + key(random) + "\"]";
    if (mutate) {
      String bad = odd(random);
      switch (random.nextInt(7)) {
        case 0:
          full = bad;
          break;
        case 1:
          value = bad;
          break;
        case 2:
          age = bad;
          break;
        case 3:
          ttl = bad;
          break;
        case 4:
          entry = bad;
          break;
        case 5:
          set = bad;
          break;
        default:
          removed = bad;
      }
    }
    if (entry == null) {
      entry = "{\"value\":" + value + ",\"age\":" + age + ",\"ttl\":" + ttl + "}";
    }
    if (set == null) {
      set = "{\"" + key(random) + "\":" + entry + "}";
    }
    return "{\"full\":" + full + ",\"set\":" + set + ",\"removed\":" + removed + "}";
  }

  private static String join(Random random) {
    String[] fields = {"pid", "name", "main", "url", "token", "adoptedFrom"};
    String[] good = {
      Long.toString(Host.PID),
      "\"fuzzed\"",
      "\"dev.x.Main\"",
      "\"http://127.0.0.1:1\"",
      "null",
      "\"gone\"",
    };
    int mutated = random.nextInt(fields.length);
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < fields.length; i++) {
      String value = good[i];
      if (i == mutated) {
        // Never a pid of a process that exists (least of all the host's): see the disabled test.
        value = i == 0 ? (random.nextBoolean() ? "-7" : "\"" + Host.PID + "\"") : odd(random);
      }
      json.append(i == 0 ? "" : ",").append('"').append(fields[i]).append("\":").append(value);
    }
    return json.append('}').toString();
  }

  private static String huge(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return "{\"set\":{\"k\":{\"value\":\"" + "v".repeat(8192 + random.nextInt(3)) + "\"}}}";
      case 1:
        return "{\"set\":{\"" + "k".repeat(300_000) + "\":{\"value\":\"v\"}}}";
      case 2:
        StringBuilder many = new StringBuilder("{\"set\":{");
        for (int i = 0; i < 5000; i++) {
          many.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":{\"value\":\"v\"}");
        }
        return many.append("}}").toString();
      default:
        return "{\"removed\":[" + "\"k\",".repeat(50_000) + "\"k\"]}";
    }
  }

  private static String deep(Random random) {
    switch (random.nextInt(3)) {
      case 0: // far beyond any length limit (599 characters)
        return "{\"set\":{\"" + path(300) + "\":{\"value\":\"v\"}}}";
      case 1: // well within it, below the parent's name (see the disabled test)
        return "{\"set\":{\"" + path(1 + random.nextInt(100)) + "\":{\"value\":\"v\"}}}";
      default:
        int depth = 500 + random.nextInt(3000);
        return "{\"set\":{\"k\":{\"value\":\"v\",\"x\":"
            + "{\"a\":".repeat(depth)
            + "1"
            + "}".repeat(depth)
            + "}}}";
    }
  }

  /** How a body is sent. */
  private enum Framing {
    /** At once, with its Content-Length. */
    LENGTH,
    /** Chunked, in chunks of random sizes, some with extensions. */
    CHUNKED,
    /** With its Content-Length, in a few pieces over a second or so: within the deadline. */
    SLOW,
    /** With a Content-Length it never reaches: a byte every 500 ms until the server gives up. */
    ENDLESS
  }

  /** A join or an update, its body and how it is sent. */
  private static final class Post {
    final String path;
    final String session;
    final byte[] body;
    Framing framing = Framing.LENGTH;

    private Post(String path, String session, String body) {
      this.path = path;
      this.session = session;
      this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    static Post update(String session, String body) {
      return new Post("/hermes/update", session, body);
    }

    static Post join(String body) {
      return new Post("/hermes/join", null, body);
    }

    /** Sends it and returns the whole answer, or "" if the server closed without one. */
    String send(String url, Random random) throws Exception {
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      head.append("Connection: close\r\n");
      if (session != null) {
        head.append("Hermes-Session: ").append(session).append("\r\n");
      }
      if (framing == Framing.CHUNKED) {
        head.append("Transfer-Encoding: chunked\r\n\r\n");
      } else {
        int length = framing == Framing.ENDLESS ? body.length + 1000 : body.length;
        head.append("Content-Length: ").append(length).append("\r\n\r\n");
      }
      URI uri = URI.create(url);
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout(DEADLINE_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        long start = System.nanoTime();
        try {
          writeBody(out, random);
        } catch (IOException cutOff) {
          // the server answered early (413) or gave up on the body: read what it said
        }
        try {
          InputStream in = socket.getInputStream();
          int timeout = DEADLINE_MILLIS - (int) ((System.nanoTime() - start) / 1_000_000);
          socket.setSoTimeout(Math.max(1, timeout));
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException hang) {
          throw new AssertionError(
              "no answer within " + DEADLINE_MILLIS + " ms: " + this + " (" + framing + ")");
        } catch (java.net.SocketException reset) {
          return "";
        }
      }
    }

    private void writeBody(OutputStream out, Random random) throws Exception {
      switch (framing) {
        case CHUNKED:
          int at = 0;
          while (at < body.length) {
            int size =
                Math.min(body.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 9000));
            String hex = Integer.toHexString(size);
            String line =
                (random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT))
                    + (random.nextInt(5) == 0 ? ";ext=1" : "")
                    + "\r\n";
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, size);
            out.write(new byte[] {'\r', '\n'});
            at += size;
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          break;
        case SLOW:
          int pieces = 2 + random.nextInt(3);
          int from = 0;
          for (int i = 1; i <= pieces; i++) {
            int to = i == pieces ? body.length : body.length * i / pieces;
            out.write(body, from, to - from);
            out.flush();
            from = to;
            if (i < pieces) {
              Thread.sleep(100 + random.nextInt(250));
            }
          }
          break;
        case ENDLESS:
          out.write(body);
          for (int i = 0; i < 2 * DEADLINE_MILLIS / 500; i++) {
            Thread.sleep(500);
            out.write(' ');
          }
          break;
        default:
          out.write(body);
      }
      out.flush();
    }

    /** A 200 or a 4xx; for an endless body, the connection closed within the deadline. */
    void check(String answer) {
      if (framing == Framing.ENDLESS) {
        assertEquals("", answer, "an answer to a body that never came: " + this);
        return;
      }
      assertTrue(
          ANSWER.matcher(answer).find(),
          "not a 200 or a 4xx: [" + excerpt(answer) + "] for " + this + " (" + framing + ")");
    }

    @Override
    public String toString() {
      return path + " " + printable(body);
    }
  }

  /** A root JVM for the join/update path, and a session of a child joined by hand. */
  private static final class Host implements AutoCloseable {
    /** A process that lives as long as the test: this JVM. The child joined by hand claims it. */
    static final long PID = ProcessHandle.current().pid();

    final Tree tree;
    final String url;
    final String name;
    final String session;

    private Host(Tree tree, String name, String session) {
      this.tree = tree;
      this.url = tree.url;
      this.name = name;
      this.session = session;
    }

    static Host start() throws Exception {
      Tree tree = Tree.start("", "key=role=root");
      try {
        tree.await("role: root");
        String answer =
            Http.post(tree.url + "/hermes/join", "{\"pid\":" + PID + ",\"name\":\"fuzz\"}");
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        @SuppressWarnings("unchecked")
        Map<String, Object> joined =
            (Map<String, Object>) Json.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertNotNull(joined.get("session"), answer);
        return new Host(tree, (String) joined.get("name"), (String) joined.get("session"));
      } catch (Exception | Error e) {
        tree.root.close();
        throw e;
      }
    }

    /** Serving, its own keys as they were, and nothing on stderr a host would mind. */
    void assertHealthy() throws Exception {
      assertEquals(200, Http.get(url + "/health").status);
      assertEquals("root", TextLines.parse(Http.get(url + "/").body).get("role"));
      assertStderrClean(tree.root);
    }

    @Override
    public void close() {
      tree.root.close();
    }
  }

  /** No stack trace, and no line over 300 characters, in the host's stderr. */
  static void assertStderrClean(Started jvm) throws IOException {
    for (String line : jvm.stderr().split("\n")) {
      assertFalse(
          line.startsWith("\tat ")
              || line.startsWith("Caused by: ")
              || line.contains("Exception in"),
          "a stack trace on stderr: " + excerpt(line));
      assertTrue(line.length() <= 300, line.length() + " characters on stderr: " + excerpt(line));
    }
  }

  private static String excerpt(String text) {
    String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
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
            "GET /\u00ff\u00fe HTTP/1.1\r\nHost: 127.0.0.1\r\nX: ",
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
        return ("BREW " + path + " HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] post(String path, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return concat(
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n",
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
