package dev.hermes.agent.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hermes.agent.tree.ChildFields;
import dev.hermes.agent.tree.ChildRegistry;
import dev.hermes.agent.tree.ChildState;
import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /health/live} and {@code /health/ready} in MicroProfile Health's JSON shape: {@code
 * {"status":"UP","checks":[{"name":"...","status":"UP","data":{...}}]}}, 200 for UP and 503 for
 * DOWN.
 *
 * <p>Live is UP while the endpoint serves: it depends on nothing else. Ready is DOWN when one of
 * this JVM's own probes is {@code critical}, or a required child (named by {@code require=}) is not
 * ready. A child is ready when its parent sees it {@code running} and none of its own probes
 * ({@code <child>/probe.*.status}) is {@code critical}; deeper levels count through their own
 * parent's {@code require=}. Every child is listed in {@code checks}; only the required ones count.
 * A name in {@code require=} that no child has is DOWN (state {@code absent}); a pattern counts the
 * children it matches. Open without the secret, but then with names and UP/DOWN only: the {@code
 * data} of each check (states, probe messages) only with the secret.
 */
final class ReadinessHandler implements HttpHandler {
  static final String LIVE_PATH = "/health/live";
  static final String READY_PATH = "/health/ready";

  private static final String PROBE_PREFIX = "probe.";
  private static final String STATUS_SUFFIX = ".status";

  private final StatusStore store;
  private final ChildRegistry registry;
  private final List<String> required;
  private final boolean secretSet;
  private final boolean ready;

  ReadinessHandler(
      StatusStore store,
      ChildRegistry registry,
      List<String> required,
      boolean secretSet,
      boolean ready) {
    this.store = store;
    this.registry = registry;
    this.required = required;
    this.secretSet = secretSet;
    this.ready = ready;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    boolean withData = !secretSet || SecretFilter.isAuthorized(exchange);
    List<Check> checks = ready ? readiness() : List.of(new Check("hermes", true, Map.of()));
    boolean up = true;
    for (Check c : checks) {
      up &= c.up || !c.counts;
    }
    Responses.send(exchange, up ? 200 : 503, Responses.JSON, render(up, checks, withData));
  }

  List<Check> readiness() {
    long now = store.now();
    List<Check> checks = new ArrayList<>();
    TreeMap<String, Status> own = new TreeMap<>();
    store.forEach(
        PROBE_PREFIX,
        now,
        (key, status) -> {
          if (key.endsWith(STATUS_SUFFIX) && key.indexOf('/') < 0) {
            own.put(key.substring(0, key.length() - STATUS_SUFFIX.length()), status);
          }
        });
    for (Map.Entry<String, Status> probe : own.entrySet()) {
      String level = probe.getValue().value();
      Map<String, String> data = new TreeMap<>();
      data.put("status", level);
      Optional<Status> message = store.get(probe.getKey() + ".message");
      if (message.isPresent()) {
        data.put("message", message.get().value());
      }
      checks.add(new Check(probe.getKey(), !"critical".equals(level), data));
    }
    List<String> names = registry.names();
    java.util.Collections.sort(names);
    List<String> absent = new ArrayList<>();
    for (String pattern : required) {
      if (pattern.indexOf('*') < 0 && !names.contains(pattern)) {
        absent.add(pattern);
      }
    }
    for (String name : names) {
      checks.add(child(name, now));
    }
    for (String name : absent) {
      Map<String, String> data = new TreeMap<>();
      data.put("state", "absent");
      data.put("required", "true");
      Check c = new Check("child." + name, false, data);
      c.counts = true;
      checks.add(c);
    }
    return checks;
  }

  private Check child(String name, long now) {
    String prefix = name + "/";
    Optional<Status> state = store.get(prefix + ChildFields.STATE);
    String shown = state.isPresent() ? state.get().value() : "absent";
    List<String> critical = new ArrayList<>();
    store.forEach(
        prefix + PROBE_PREFIX,
        now,
        (key, status) -> {
          if (key.endsWith(STATUS_SUFFIX)
              && key.indexOf('/', prefix.length()) < 0
              && "critical".equals(status.value())) {
            critical.add(key.substring(prefix.length(), key.length() - STATUS_SUFFIX.length()));
          }
        });
    boolean req = isRequired(name);
    Map<String, String> data = new TreeMap<>();
    data.put("state", shown);
    data.put("required", Boolean.toString(req));
    if (!critical.isEmpty()) {
      data.put("critical", String.join(",", critical));
    }
    Check c =
        new Check(
            "child." + name, ChildState.RUNNING.value().equals(shown) && critical.isEmpty(), data);
    c.counts = req;
    return c;
  }

  boolean isRequired(String name) {
    for (String pattern : required) {
      if (matches(pattern, name)) {
        return true;
      }
    }
    return false;
  }

  /** A glob where {@code *} is any run of characters. */
  static boolean matches(String pattern, String name) {
    String[] parts = pattern.split("\\*", -1);
    if (parts.length == 1) {
      return pattern.equals(name);
    }
    if (!name.startsWith(parts[0])) {
      return false;
    }
    int at = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = name.indexOf(parts[i], at);
      if (found < 0) {
        return false;
      }
      at = found + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return name.length() - at >= last.length() && name.endsWith(last);
  }

  private static byte[] render(boolean up, List<Check> checks, boolean withData)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("status", up ? "UP" : "DOWN");
      json.writeArrayFieldStart("checks");
      for (Check c : checks) {
        json.writeStartObject();
        json.writeStringField("name", c.name);
        json.writeStringField("status", c.up ? "UP" : "DOWN");
        if (withData && !c.data.isEmpty()) {
          json.writeObjectFieldStart("data");
          for (Map.Entry<String, String> d : c.data.entrySet()) {
            if (d.getKey().equals("required")) {
              json.writeBooleanField(d.getKey(), Boolean.parseBoolean(d.getValue()));
            } else {
              json.writeStringField(d.getKey(), d.getValue());
            }
          }
          json.writeEndObject();
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** One entry of {@code checks}. */
  static final class Check {
    final String name;
    final boolean up;
    final Map<String, String> data;
    boolean counts = true;

    Check(String name, boolean up, Map<String, String> data) {
      this.name = name;
      this.up = up;
      this.data = data;
    }
  }

  /** Jackson loads with the first JSON answer, not when the route table is built at start-up. */
  private static final class Json {
    static final JsonFactory FACTORY = new JsonFactory();
  }
}
