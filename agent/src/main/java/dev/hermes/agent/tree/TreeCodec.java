package dev.hermes.agent.tree;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.hermes.agent.support.TextEscaping;
import dev.hermes.api.Keys;
import dev.hermes.api.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON a child and its parent exchange: {@code POST /hermes/join} and {@code POST
 * /hermes/update} ({@code {"full":true,"set":{"k":{"value":"v","age":1.5,"ttl":30}},
 * "removed":["k2"]}}). Unknown fields are skipped; a known field of the wrong type, or anything
 * else out of shape, is {@code MALFORMED}.
 *
 * <p>An update is a delta ({@code "full":false}: the keys set and removed) or a full push ({@code
 * "full":true}: everything the child has, so that keys it does not name are gone). A child writes
 * no body over {@link #MAX_BATCH_BYTES} (half of the 1 MiB a parent reads), so a large state goes
 * in several requests: deltas as several deltas, and a full push as parts, {@code "part":0}, 1,
 * 2... each with {@code "last":false} but the last, {@code "last":true}. A parent applies each
 * part's keys at once, remembers which keys the push has named (names only), and removes the
 * child's other keys when the last part comes; a new part 0 starts the push again, and a part out
 * of order is a 400 (the child then sends everything again). {@code "full":true} without {@code
 * part} and {@code last} is one part, the last: the form before parts, which means what it meant. A
 * parent older than parts takes each part as a whole state; the keys of a state that fits in one
 * body are sent as before.
 *
 * <p>A child withholds the keys its parent would refuse under its name (too long there, or the
 * parent's own names) and says how many, {@code "withheld":2}, in the first body of a full push and
 * whenever the number changes; the parent shows it.
 *
 * <p>Every body says when it was sent, {@code "sent"} (the child's wall clock, epoch milliseconds),
 * and its number, {@code "seq"} (1, 2, ... over the link's life, retries included): a parent
 * refuses a body numbered at or below one it has taken (409, stale), and judges a child's silence
 * net of its own lateness in taking bodies. Both are optional: a body without them is taken as it
 * comes.
 */
public final class TreeCodec {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final double NANOS = 1e9;
  // Room for what closes a body: the set, the removed, withheld, last, sent and seq fields.
  private static final int TAIL_BYTES = 192;
  // A set entry's JSON beyond its characters: quotes, field names, age and ttl.
  private static final int ENTRY_BYTES = 16;

  /**
   * The most bytes of one batch a child sends: half of what a parent reads of a body (1 MiB), so a
   * full push of any size goes in parts a parent takes.
   */
  public static final int MAX_BATCH_BYTES = 512 * 1024;

  private static final List<String> JOIN_STRINGS =
      List.of("token", "name", "main", "url", "adoptedFrom");

  private TreeCodec() {}

  /** The join request a child sends. */
  public static byte[] joinRequest(JoinRequest r) {
    return write(
        json -> {
          json.writeStartObject();
          writeNullable(json, "token", r.token);
          json.writeNumberField("pid", r.pid);
          writeNullable(json, "name", r.name);
          writeNullable(json, "main", r.main);
          writeNullable(json, "url", r.url);
          writeNullable(json, "adoptedFrom", r.adoptedFrom);
          json.writeEndObject();
        });
  }

  /**
   * Parses a join request; throws a MALFORMED TreeException when malformed, a known field of the
   * wrong type included ({@code pid} a whole number, the others strings or null).
   */
  public static JoinRequest parseJoin(byte[] body) throws TreeException {
    Map<String, Object> fields = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("pid".equals(field)) {
          expect(t, JsonToken.VALUE_NUMBER_INT);
          fields.put(field, p.getLongValue());
        } else if (JOIN_STRINGS.contains(field)) {
          if (t == JsonToken.VALUE_STRING) {
            fields.put(field, p.getText());
          } else if (t != JsonToken.VALUE_NULL) {
            throw new JsonMarker(field + " must be a string");
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed(e);
    }
    Object pid = fields.get("pid");
    if (!(pid instanceof Long)) {
      throw new TreeException(
          TreeException.Reason.MALFORMED, "Malformed join: pid (a number) is required");
    }
    return new JoinRequest(
        string(fields, "token"),
        (Long) pid,
        string(fields, "name"),
        string(fields, "main"),
        string(fields, "url"),
        string(fields, "adoptedFrom"));
  }

  /** The join answer: the name the parent gave and the session for updates. */
  public static byte[] joinAnswer(JoinAnswer answer) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeStringField("name", answer.name());
          json.writeStringField("session", answer.session());
          json.writeEndObject();
        });
  }

  /** Parses a join answer; throws IOException when it is not JSON or lacks a field. */
  public static JoinAnswer parseJoinAnswer(byte[] body) throws IOException {
    String name = null;
    String session = null;
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("name".equals(field)) {
          name = p.getValueAsString();
        } else if ("session".equals(field)) {
          session = p.getValueAsString();
        } else {
          p.skipChildren();
        }
      }
    }
    if (name == null || session == null) {
      throw new IOException("the parent's join answer lacks name or session");
    }
    // The name goes into every log line of this JVM: it must be a name, nothing else.
    if (!Keys.isValid(name)) {
      throw new IOException("the parent's join answer names this JVM [" + Excerpt.of(name) + "]");
    }
    return new JoinAnswer(name, session);
  }

  /** An update as a child sends it, in one body, ages taken at {@code now}. */
  public static byte[] update(
      boolean full, Map<String, Status> set, List<String> removed, long now) {
    Push push = new Push(full, new ArrayList<>(set.entrySet()), removed, -1);
    return body(push, now, Integer.MAX_VALUE, -1, -1);
  }

  /**
   * The next body of {@code push}, ages taken at {@code now}: its keys set, then removed, from
   * where the last body stopped, as many as fit in {@code maxBytes} (at least one). A full push is
   * written as parts 0, 1, 2..., the last one saying so; a delta as deltas.
   */
  static byte[] body(Push push, long now, int maxBytes, long sentMillis, long seq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      int room = maxBytes - TAIL_BYTES;
      boolean any = false;
      json.writeStartObject();
      json.writeBooleanField("full", push.full);
      if (push.full) {
        json.writeNumberField("part", push.part);
      }
      json.writeObjectFieldStart("set");
      while (push.setNext < push.set.size()) {
        Map.Entry<String, Status> e = push.set.get(push.setNext);
        Status s = e.getValue();
        if (any && !fits(json, out, room, ENTRY_BYTES + e.getKey().length() + s.value().length())) {
          break;
        }
        json.writeObjectFieldStart(e.getKey());
        json.writeStringField("value", s.value());
        json.writeNumberField("age", s.ageNanos(now) / NANOS);
        if (s.ttlNanos() != 0) {
          json.writeNumberField("ttl", s.ttlNanos() / NANOS);
        }
        json.writeEndObject();
        push.setNext++;
        any = true;
      }
      json.writeEndObject();
      json.writeArrayFieldStart("removed");
      while (push.setNext == push.set.size() && push.removedNext < push.removed.size()) {
        String key = push.removed.get(push.removedNext);
        if (any && !fits(json, out, room, key.length() + 1)) {
          break;
        }
        json.writeString(key);
        push.removedNext++;
        any = true;
      }
      json.writeEndArray();
      if (push.withheld >= 0 && push.part == 0) {
        json.writeNumberField("withheld", push.withheld);
      }
      if (push.full) {
        json.writeBooleanField("last", push.done());
      }
      if (sentMillis >= 0) {
        json.writeNumberField("sent", sentMillis);
      }
      if (seq >= 0) {
        json.writeNumberField("seq", seq);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
    }
    push.part++;
    return out.toByteArray();
  }

  // Whether what is written so far and an entry of up to {@code chars} characters fit in room.
  // A character takes at most 6 bytes in JSON (an escape such as \u001f).
  private static boolean fits(JsonGenerator json, ByteArrayOutputStream out, int room, int chars)
      throws IOException {
    json.flush();
    return out.size() + 6L * chars <= room;
  }

  /**
   * Parses an update; throws a MALFORMED TreeException when malformed. {@code part} and {@code
   * last} come only with {@code "full": true}; a full push without them is one part, the last.
   */
  public static Update parseUpdate(byte[] body) throws TreeException {
    Boolean full = null;
    long part = -1;
    Boolean last = null;
    long withheld = -1;
    long sent = -1;
    long seq = -1;
    Map<String, Update.Entry> set = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("full".equals(field)) {
          full = bool(t, field);
        } else if ("part".equals(field)) {
          part = count(p, t, field);
        } else if ("last".equals(field)) {
          last = bool(t, field);
        } else if ("withheld".equals(field)) {
          withheld = count(p, t, field);
        } else if ("sent".equals(field)) {
          sent = whole(p, t, field);
        } else if ("seq".equals(field)) {
          seq = whole(p, t, field);
        } else if ("set".equals(field)) {
          expect(t, JsonToken.START_OBJECT);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            set.put(key, entry(p, key));
          }
        } else if ("removed".equals(field)) {
          expect(t, JsonToken.START_ARRAY);
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            removed.add(p.getText());
          }
          expect(p.currentToken(), JsonToken.END_ARRAY);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed(e);
    }
    boolean isFull = full != null && full;
    if (!isFull && (part >= 0 || last != null)) {
      throw new TreeException(
          TreeException.Reason.MALFORMED, "Malformed update: part and last come with full: true");
    }
    return new Update(
        isFull,
        part < 0 ? 0 : (int) part,
        last == null || last,
        set,
        removed,
        (int) withheld,
        sent,
        seq);
  }

  private static Update.Entry entry(JsonParser p, String key) throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT);
    String value = null;
    double age = 0;
    double ttl = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if ("value".equals(field)) {
        expect(t, JsonToken.VALUE_STRING);
        value = p.getText();
      } else if ("age".equals(field)) {
        age = number(p, t, key, field);
      } else if ("ttl".equals(field)) {
        ttl = number(p, t, key, field);
      } else {
        p.skipChildren();
      }
    }
    if (value == null || !(age >= 0) || !(ttl >= 0) || age > 1e9 || ttl > 1e9) {
      throw new JsonMarker(
          "key [" + Excerpt.of(key) + "] needs a string value and non-negative age and ttl");
    }
    return new Update.Entry(value, (long) (age * NANOS), (long) (ttl * NANOS));
  }

  private static boolean bool(JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
      throw new JsonMarker(field + " must be true or false, not " + t);
    }
    return t == JsonToken.VALUE_TRUE;
  }

  // A whole number from 0 to Integer.MAX_VALUE.
  private static long count(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || p.getLongValue() < 0
        || p.getLongValue() > Integer.MAX_VALUE) {
      throw new JsonMarker(field + " must be a whole number from 0 to " + Integer.MAX_VALUE);
    }
    return p.getLongValue();
  }

  // A whole number from 0 to Long.MAX_VALUE.
  private static long whole(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || p.getLongValue() < 0) {
      throw new JsonMarker(field + " must be a whole number from 0 to " + Long.MAX_VALUE);
    }
    return p.getLongValue();
  }

  private static double number(JsonParser p, JsonToken t, String key, String field)
      throws IOException {
    if (!t.isNumeric()) {
      throw new JsonMarker(field + " of key [" + Excerpt.of(key) + "] must be a number");
    }
    return p.getDoubleValue();
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new JsonMarker("expected " + expected + " but found " + actual);
    }
  }

  private static TreeException malformed(IOException e) {
    String reason =
        e instanceof JsonMarker
            ? e.getMessage()
            : e instanceof JsonProcessingException
                ? ((JsonProcessingException) e).getOriginalMessage()
                : e.toString();
    String line = reason == null ? "unreadable" : reason.replaceAll("\\s+", " ");
    // The parser quotes the input it choked on: escaped, so that no body can forge a line.
    return new TreeException(
        TreeException.Reason.MALFORMED,
        "Malformed JSON: "
            + TextEscaping.escape(line.length() > 200 ? line.substring(0, 200) : line));
  }

  private static String string(Map<String, Object> fields, String name) {
    Object v = fields.get(name);
    return v instanceof String ? (String) v : null;
  }

  private static void writeNullable(JsonGenerator json, String field, String value)
      throws IOException {
    if (value != null) {
      json.writeStringField(field, value);
    }
  }

  private interface Writing {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(Writing writing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      writing.write(json);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /** A shape error found by this codec rather than by the parser. */
  private static final class JsonMarker extends IOException {
    private static final long serialVersionUID = 1L;

    JsonMarker(String message) {
      super(message);
    }
  }
}
