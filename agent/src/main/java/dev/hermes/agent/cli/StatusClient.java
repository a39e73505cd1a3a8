package dev.hermes.agent.cli;

import dev.hermes.agent.client.EndpointClient;
import dev.hermes.agent.client.RefusedException;
import dev.hermes.agent.client.UnexpectedStatusException;
import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Reads a Hermes endpoint for the CLI through {@link EndpointClient}, sending the secret from the
 * environment ({@link Contract#ENV_SECRET_FILE}, else {@link Contract#ENV_SECRET}) when set, and
 * turns every failure into one line that says what to do.
 *
 * <p>{@code byte[] json = new StatusClient(System.getenv()).status(base, "json", "");}
 */
final class StatusClient {
  /** The line of the commands' help that says where the secret comes from. */
  static final String SECRET_HELP =
      "The "
          + Contract.SECRET_HEADER
          + " header is sent from "
          + Contract.ENV_SECRET
          + " or "
          + Contract.ENV_SECRET_FILE
          + " when set.\n";

  private static final int CONNECT_MILLIS = 3000;
  private static final int READ_MILLIS = 10_000;

  private final Map<String, String> env;
  private final int connectMillis;
  private final int readMillis;

  StatusClient(Map<String, String> env) {
    this(env, CONNECT_MILLIS, READ_MILLIS);
  }

  StatusClient(Map<String, String> env, int connectMillis, int readMillis) {
    this.env = env;
    this.connectMillis = connectMillis;
    this.readMillis = readMillis;
  }

  /** The body of {@code GET base/?type=...&prefix=...}; throws when it is not a 200. */
  byte[] status(String base, String type, String prefix) throws CommandException {
    String query = "type=" + type;
    if (!prefix.isEmpty()) {
      query += "&prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
    }
    return get(base, "/?" + query);
  }

  byte[] get(String base, String pathAndQuery) throws CommandException {
    URI url;
    try {
      url = URI.create(base + pathAndQuery);
      url.toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandException("cannot use " + base + ": " + e.getMessage());
    }
    try {
      return new EndpointClient(secret(), null).get(url, connectMillis, readMillis);
    } catch (IOException e) {
      throw failure(base, e);
    }
  }

  /** The one line that tells what went wrong reading {@code base}, and what to do. */
  static CommandException failure(String base, IOException e) {
    if (e instanceof RefusedException) {
      return new CommandException(
          base
              + " answered 403 ("
              + firstLine(((RefusedException) e).body())
              + "); set "
              + Contract.ENV_SECRET
              + " or "
              + Contract.ENV_SECRET_FILE
              + " to the endpoint's secret");
    }
    if (e instanceof UnexpectedStatusException) {
      UnexpectedStatusException answer = (UnexpectedStatusException) e;
      return new CommandException(
          base + " answered " + answer.status() + ": " + firstLine(answer.body()));
    }
    if (e instanceof ConnectException) {
      return new CommandException(
          "cannot reach "
              + base
              + " ("
              + e.getMessage()
              + "); is a JVM with Hermes listening there? 'java -jar hermes.jar list' shows"
              + " the local ones");
    }
    if (e instanceof UnknownHostException) {
      return new CommandException("cannot reach " + base + ": unknown host " + e.getMessage());
    }
    if (e instanceof SocketTimeoutException) {
      return new CommandException("no answer from " + base + " (" + e.getMessage() + ")");
    }
    if (e instanceof SSLException) {
      return new CommandException(
          "TLS with "
              + base
              + " failed ("
              + e.getMessage()
              + "); trust its certificate with -Djavax.net.ssl.trustStore=...");
    }
    return new CommandException("cannot read " + base + ": " + e);
  }

  /** The secret to send, from the environment; null when none is set. */
  private String secret() throws CommandException {
    String file = env.get(Contract.ENV_SECRET_FILE);
    if (file != null && !file.isEmpty()) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      } catch (IOException | RuntimeException e) {
        throw new CommandException(
            "cannot read " + Contract.ENV_SECRET_FILE + " [" + file + "]: " + e);
      }
    }
    String secret = env.get(Contract.ENV_SECRET);
    return secret == null || secret.isEmpty() ? null : secret;
  }

  private static String firstLine(String body) {
    String line = body.strip();
    int nl = line.indexOf('\n');
    line = nl < 0 ? line : line.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
