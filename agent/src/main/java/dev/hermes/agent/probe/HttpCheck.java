package dev.hermes.agent.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.tls.TlsContext;
import dev.hermes.api.ProbeCheck;
import dev.hermes.api.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code GET} or {@code HEAD} of a URL: critical unless it answers within the timeout with an
 * expected status (by default 200 to 399), and, when asked, a body holding a substring or a JSON
 * pointer with a given value. {@code https} is verified against the JDK's trust store, or only the
 * certificates of a CA file; an optional header's value is read from a file at every run (a rotated
 * token is picked up). Redirects are not followed and no proxy is used: the probe says what the
 * dependency itself answers.
 */
final class HttpCheck implements ProbeCheck {
  /** The most of a body read for {@code contains=} or {@code json=}. */
  static final int MAX_BODY = 1 << 20;

  private final URI url;
  private final boolean head;
  private final List<int[]> statuses;
  private final String contains;
  private final JsonPointer pointer;
  private final String equals;
  private final int timeoutMillis;
  private final Path ca;
  private final String headerName;
  private final Path headerFile;
  private SSLSocketFactory caFactory;

  HttpCheck(
      URI url,
      boolean head,
      List<int[]> statuses,
      String contains,
      JsonPointer pointer,
      String equals,
      int timeoutMillis,
      Path ca,
      String headerName,
      Path headerFile) {
    this.url = url;
    this.head = head;
    this.statuses = statuses;
    this.contains = contains;
    this.pointer = pointer;
    this.equals = equals;
    this.timeoutMillis = timeoutMillis;
    this.ca = ca;
    this.headerName = headerName;
    this.headerFile = headerFile;
  }

  @Override
  public ProbeResult check() {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
      if (ca != null && c instanceof HttpsURLConnection) {
        ((HttpsURLConnection) c).setSSLSocketFactory(caFactory());
      }
      c.setConnectTimeout(timeoutMillis);
      c.setReadTimeout(timeoutMillis);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestMethod(head ? "HEAD" : "GET");
      if (headerName != null) {
        String value;
        try {
          value = Files.readString(headerFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
          return ProbeResult.unknown("cannot read the header file " + headerFile);
        }
        c.setRequestProperty(headerName, value);
      }
      int status = c.getResponseCode();
      if (!expected(status)) {
        return ProbeResult.critical("HTTP " + status + " from " + url).withValue(status);
      }
      if (head || (contains == null && pointer == null)) {
        return ProbeResult.ok("HTTP " + status).withValue(status);
      }
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      byte[] body;
      if (in == null) {
        body = new byte[0];
      } else {
        try (InputStream stream = in) {
          body = stream.readNBytes(MAX_BODY);
        }
      }
      if (contains != null && !new String(body, StandardCharsets.UTF_8).contains(contains)) {
        return ProbeResult.critical("HTTP " + status + ", but the body lacks [" + contains + "]")
            .withValue(status);
      }
      if (pointer == null) {
        return ProbeResult.ok("HTTP " + status).withValue(status);
      }
      String found = Json.pointed(body, pointer);
      if (found == null) {
        return ProbeResult.critical("HTTP " + status + ", but the body has no " + pointer);
      }
      if (equals != null && !equals.equals(found)) {
        return ProbeResult.critical(pointer + " is [" + found + "], not [" + equals + "]")
            .withValue(found);
      }
      return ProbeResult.ok("HTTP " + status + ", " + pointer + " is [" + found + "]")
          .withValue(found);
    } catch (SocketTimeoutException e) {
      return ProbeResult.critical("no answer from " + url + " within " + timeoutMillis + " ms");
    } catch (IOException | RuntimeException e) {
      return ProbeResult.critical(url + ": " + Log.describe(e));
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private boolean expected(int status) {
    for (int[] range : statuses) {
      if (status >= range[0] && status <= range[1]) {
        return true;
      }
    }
    return false;
  }

  private synchronized SSLSocketFactory caFactory() throws IOException {
    if (caFactory == null) {
      try {
        caFactory = TlsContext.trusting(ca).getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot trust " + ca + ": " + e.getMessage(), e);
      }
    }
    return caFactory;
  }

  /**
   * Jackson's parser, apart: it loads with the first check that reads a JSON pointer, not with
   * every http probe (a {@code contains=} or status check loads none of it).
   */
  private static final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** The scalar at the pointer as text, {@code object}/{@code array} for a container, or null. */
    static String pointed(byte[] body, JsonPointer pointer) {
      try (JsonParser p =
          new FilteringParserDelegate(
              FACTORY.createParser(body),
              new JsonPointerBasedFilter(pointer),
              TokenFilter.Inclusion.ONLY_INCLUDE_ALL,
              false)) {
        JsonToken t = p.nextToken();
        if (t == null) {
          return null;
        }
        if (t == JsonToken.START_OBJECT) {
          return "object";
        }
        if (t == JsonToken.START_ARRAY) {
          return "array";
        }
        return p.getText();
      } catch (IOException e) {
        return null;
      }
    }
  }
}
