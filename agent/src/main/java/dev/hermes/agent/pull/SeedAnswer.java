package dev.hermes.agent.pull;

import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.Update;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pulled child's answer in the seed's JSON shape, {@code {"key": {"value": "...", "age": 1.5,
 * "ttl": 30}}}, read as a stream: age and ttl are seconds, fractional or whole, a missing or zero
 * ttl is none; a value may be a string, a number or a boolean (its text is stored); other fields
 * are ignored. A Hermes endpoint's JSON is of this shape, its children's keys included. Read with
 * {@link SeedJson}, strict JSON in UTF-8.
 *
 * <p>Keys are made to meet the key rule by one rule ({@link #sanitise}); a key that still does not
 * (too long under the child's name, the parent's own {@code hermes.child.*}), one that came out as
 * another already read, one without a value, or one whose value is longer than the store takes is
 * skipped. Neither fails the answer: they are counted, and the parent shows the counts.
 *
 * <p>{@code SeedAnswer a = SeedAnswer.read(in, "child3"); registry.pulled(s, a.keys, ...);}
 */
final class SeedAnswer {
  final Map<String, Update.Entry> keys = new LinkedHashMap<>();
  int renamed;
  int skipped;

  /** The first key renamed or skipped, and what was done with it, for a line on stderr. */
  String example;

  /** The answer is not of the seed's shape, or not JSON at all. */
  static final class NotSeedJson extends IOException {
    NotSeedJson(String message) {
      super(message);
    }
  }

  private SeedAnswer() {}

  /**
   * Reads the answer of the child named {@code name} from {@code in}, keeping at most {@code
   * maxKeys} keys (more is {@link TooLarge}).
   */
  static SeedAnswer read(InputStream in, String name, int maxKeys) throws IOException {
    SeedAnswer answer = new SeedAnswer();
    try (InputStream closing = in) {
      SeedJson p = new SeedJson(closing);
      if (p.next() != SeedJson.START_OBJECT) {
        throw new NotSeedJson("not JSON of the seed's shape: the answer is no object");
      }
      int t;
      while ((t = p.next()) == SeedJson.FIELD_NAME) {
        String key = p.text();
        int v = p.next();
        if (v != SeedJson.START_OBJECT) {
          p.skipChildren(v);
          answer.skip(key, "not an object with a value");
          continue;
        }
        answer.entry(p, name, key);
        if (answer.keys.size() > maxKeys) {
          throw new TooLarge("answer too large: more than " + maxKeys + " keys");
        }
      }
      if (t != SeedJson.END_OBJECT) {
        throw SeedJson.ended();
      }
    }
    return answer;
  }

  private void entry(SeedJson p, String name, String key) throws IOException {
    String value = null;
    double age = 0;
    double ttl = 0;
    while (p.next() == SeedJson.FIELD_NAME) {
      String field = p.text();
      int t = p.next();
      if (field.equals("value") && SeedJson.isScalar(t) && t != SeedJson.NULL) {
        value = p.text();
      } else if (field.equals("age") && t == SeedJson.NUMBER) {
        age = Double.parseDouble(p.text());
      } else if (field.equals("ttl") && t == SeedJson.NUMBER) {
        ttl = Double.parseDouble(p.text());
      } else {
        p.skipChildren(t);
      }
    }
    if (value == null) {
      skip(key, "no value");
      return;
    }
    if (value.length() > StatusStore.MAX_VALUE_LENGTH) {
      skip(key, "its value is longer than " + StatusStore.MAX_VALUE_LENGTH + " characters");
      return;
    }
    String stored = sanitise(key);
    String problem = ChildRegistry.keyProblem(name, stored);
    if (problem != null) {
      skip(key, problem);
      return;
    }
    if (keys.containsKey(stored)) {
      skip(key, "it is " + stored + " once renamed, as another key is");
      return;
    }
    if (!stored.equals(key)) {
      renamed++;
      if (example == null) {
        example = "key [" + excerpt(key) + "] stored as " + stored;
      }
    }
    keys.put(stored, new Update.Entry(value, nanos(age), nanos(ttl)));
  }

  private void skip(String key, String why) {
    skipped++;
    if (example == null) {
      example = "key [" + excerpt(key) + "] skipped: " + why;
    }
  }

  /**
   * The key rule applied to a pulled key: split at {@code /}, empty segments dropped; in each
   * segment every character other than an ASCII letter, digit, {@code _} or {@code .} becomes
   * {@code _}, and so does a {@code .} that starts or ends it. {@code "queue depth"} is {@code
   * queue_depth}, {@code "a//b."} is {@code a/b_}.
   */
  static String sanitise(String key) {
    StringBuilder out = new StringBuilder(key.length());
    int start = 0;
    for (int i = 0; i <= key.length(); i++) {
      if (i == key.length() || key.charAt(i) == '/') {
        if (i > start) {
          if (out.length() > 0) {
            out.append('/');
          }
          for (int j = start; j < i; j++) {
            char c = key.charAt(j);
            boolean edge = j == start || j == i - 1;
            out.append(isKeyChar(c) && !(c == '.' && edge) ? c : '_');
          }
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.';
  }

  private static long nanos(double seconds) {
    if (!(seconds > 0)) {
      return 0; // negative, zero or NaN: none (a ttl), now (an age)
    }
    return seconds >= 9.2e9 ? Long.MAX_VALUE : (long) (seconds * 1e9);
  }

  private static String excerpt(String key) {
    return key.length() <= 60 ? key : key.substring(0, 60) + "...";
  }
}
