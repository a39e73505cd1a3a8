package dev.hermes.agent.cli;

import dev.hermes.agent.config.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
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
 * Reads a Hermes endpoint over HTTP(S), sending the {@code Hermes-Secret} header from {@code
 * HERMES_SECRET} or {@code HERMES_SECRET_FILE} when set, and turns every failure into one line that
 * says what to do.
 */
final class StatusClient {
  private static final int CONNECT_MILLIS = 3000;
  private static final int READ_MILLIS = 10_000;

  private final Map<String, String> env;

  StatusClient(Map<String, String> env) {
    this.env = env;
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
    String url = base + pathAndQuery;
    HttpURLConnection c;
    try {
      c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandException("cannot use " + base + ": " + e.getMessage());
    }
    try {
      c.setConnectTimeout(CONNECT_MILLIS);
      c.setReadTimeout(READ_MILLIS);
      c.setInstanceFollowRedirects(false);
      String secret = secret();
      if (secret != null) {
        c.setRequestProperty(Contract.SECRET_HEADER, secret);
      }
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      byte[] body = in == null ? new byte[0] : readAll(in);
      if (status == 200) {
        return body;
      }
      String reason = firstLine(new String(body, StandardCharsets.UTF_8));
      if (status == 403) {
        throw new CommandException(
            base
                + " answered 403 ("
                + reason
                + "); set "
                + Contract.ENV_SECRET
                + " or "
                + Contract.ENV_SECRET_FILE
                + " to the endpoint's secret");
      }
      throw new CommandException(base + " answered " + status + ": " + reason);
    } catch (ConnectException e) {
      throw new CommandException(
          "cannot reach "
              + base
              + " ("
              + e.getMessage()
              + "); is a JVM with Hermes listening there? 'java -jar hermes.jar list' shows"
              + " the local ones");
    } catch (UnknownHostException e) {
      throw new CommandException("cannot reach " + base + ": unknown host " + e.getMessage());
    } catch (SocketTimeoutException e) {
      throw new CommandException("no answer from " + base + " (" + e.getMessage() + ")");
    } catch (SSLException e) {
      throw new CommandException(
          "TLS with "
              + base
              + " failed ("
              + e.getMessage()
              + "); trust its certificate with -Djavax.net.ssl.trustStore=...");
    } catch (IOException e) {
      throw new CommandException("cannot read " + base + ": " + e);
    } finally {
      c.disconnect();
    }
  }

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

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static String firstLine(String body) {
    String line = body.strip();
    int nl = line.indexOf('\n');
    line = nl < 0 ? line : line.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
