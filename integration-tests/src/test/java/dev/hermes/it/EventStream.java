package dev.hermes.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A Server-Sent Events client for tests: reads {@code id}, {@code event} and {@code data}. */
final class EventStream implements AutoCloseable {
  final int status;
  final String contentType;
  private final HttpURLConnection connection;
  private final BufferedReader reader;

  private EventStream(HttpURLConnection connection, int status, BufferedReader reader) {
    this.connection = connection;
    this.status = status;
    this.contentType = connection.getContentType();
    this.reader = reader;
  }

  /** Opens {@code url}, headers given as name, value, ...; reads block at most 20 s. */
  static EventStream open(String url, String... headers) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(20_000);
    for (int i = 0; i < headers.length; i += 2) {
      c.setRequestProperty(headers[i], headers[i + 1]);
    }
    int status = c.getResponseCode();
    InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
    BufferedReader reader =
        in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new EventStream(c, status, reader);
  }

  /** The next event, skipping comments; null at the end of the stream. */
  Event next() throws IOException {
    String id = null;
    String type = "message";
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(id, type, data.toString());
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      if (field.equals("id")) {
        id = value;
      } else if (field.equals("event")) {
        type = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return null;
  }

  /** Events up to and including the first that {@code last} accepts. */
  List<Event> until(Predicate<Event> last) throws IOException {
    List<Event> events = new ArrayList<>();
    while (true) {
      Event e;
      try {
        e = next();
      } catch (SocketTimeoutException t) {
        throw new IOException("no event for 20 s; so far: " + events, t);
      }
      if (e == null) {
        throw new IOException("the stream ended; so far: " + events);
      }
      events.add(e);
      if (last.test(e)) {
        return events;
      }
    }
  }

  /** The rest of the body as text (an error's reason). */
  String body() throws IOException {
    StringBuilder out = new StringBuilder();
    String line;
    while (reader != null && (line = reader.readLine()) != null) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  @Override
  public void close() {
    connection.disconnect();
  }

  static final class Event {
    final String id;
    final String type;
    final String data;

    Event(String id, String type, String data) {
      this.id = id;
      this.type = type;
      this.data = data;
    }

    /** A string field of the JSON data ("key", "value", "child"). */
    String field(String name) throws IOException {
      Object value = ((java.util.Map<?, ?>) Json.parse(data)).get(name);
      return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
      return id + " " + type + " " + data;
    }
  }
}
