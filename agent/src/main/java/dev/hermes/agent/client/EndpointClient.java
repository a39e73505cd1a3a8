package dev.hermes.agent.client;

import dev.hermes.agent.config.Contract;
import dev.hermes.agent.tls.TlsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Talks to a Hermes endpoint over HTTP(S): sends the shared secret (and on updates a child's
 * session) in their headers, and over HTTPS trusts only the given certificate when one is pinned.
 * Only a 200 is an answer: a 403 is a {@link RefusedException} (retrying cannot help), any other
 * status an {@link UnexpectedStatusException}, both with the start of the body the endpoint gave (4
 * KiB at most); everything else (unreachable, timed out, TLS) is the {@link IOException} the
 * connection threw.
 *
 * <p>{@code byte[] keys = new EndpointClient(secret, null).get(URI.create(url), 3000, 10_000);}
 */
public final class EndpointClient {
  /** The most of an error's body kept: a one-line reason, not whatever a peer chooses to send. */
  static final int MAX_ERROR_BYTES = 4096;

  /** The most of a {@code POST}'s answer read (a join answer, an acknowledgement). */
  static final int MAX_POST_ANSWER_BYTES = 64 * 1024;

  private final String secret;
  private final Path pinned;
  private final boolean checkHost;
  private SSLSocketFactory pinnedFactory;

  /**
   * A client sending {@code secret} (null for none), trusting over HTTPS only the PEM certificate
   * {@code pinned}, or when it is null, the JVM's trust store.
   */
  public EndpointClient(String secret, Path pinned) {
    this(secret, pinned, false);
  }

  /**
   * A client sending {@code secret}, trusting over HTTPS the certificates in the PEM file {@code
   * trust} (null: the JVM's trust store); as authorities whose names are checked against the host
   * when {@code checkHost}, else as pinned certificates (no host name check).
   */
  public EndpointClient(String secret, Path trust, boolean checkHost) {
    this.secret = secret;
    this.pinned = trust;
    this.checkHost = checkHost;
  }

  /**
   * The body of a 200 to {@code GET url} asking for {@code accept}, as a stream read as it comes;
   * closing it closes the connection. Other statuses fail as {@link #get} does.
   */
  public InputStream stream(URI url, String accept, int connectMillis, int readMillis)
      throws IOException {
    HttpURLConnection c = open(url, connectMillis, readMillis);
    try {
      c.setRequestProperty("Accept", accept);
      int status = c.getResponseCode();
      if (status != 200) {
        answer(c, 0);
      }
      return new Disconnecting(c.getInputStream(), c);
    } catch (IOException | RuntimeException e) {
      c.disconnect();
      throw e;
    }
  }

  /** The body of a 200 to {@code GET url}; the connection is closed after. */
  public byte[] get(URI url, int connectMillis, int readMillis) throws IOException {
    HttpURLConnection c = open(url, connectMillis, readMillis);
    try {
      return answer(c, Integer.MAX_VALUE);
    } finally {
      c.disconnect();
    }
  }

  /**
   * The body of a 200 to {@code POST url} with the JSON {@code body}, sending {@code session} (null
   * for none); a connection that answered is kept for the next request. An answer larger than 64
   * KiB is a failure: a parent's answers are a few bytes, and a peer must not fill this heap.
   */
  public byte[] post(URI url, byte[] body, String session, int timeoutMillis) throws IOException {
    HttpURLConnection c = open(url, timeoutMillis, timeoutMillis);
    try {
      c.setDoOutput(true);
      c.setRequestMethod("POST");
      c.setRequestProperty("Content-Type", "application/json");
      c.setFixedLengthStreamingMode(body.length);
      if (session != null) {
        c.setRequestProperty(Contract.SESSION_HEADER, session);
      }
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      return answer(c, MAX_POST_ANSWER_BYTES);
    } catch (IOException e) {
      c.disconnect();
      throw e;
    }
  }

  private HttpURLConnection open(URI url, int connectMillis, int readMillis) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    if (c instanceof HttpsURLConnection && pinned != null) {
      ((HttpsURLConnection) c).setSSLSocketFactory(pinnedFactory());
      if (!checkHost) {
        // Only the pinned certificate is trusted, so the host name adds nothing to check.
        ((HttpsURLConnection) c).setHostnameVerifier((host, ssl) -> true);
      }
    }
    if (secret != null) {
      c.setRequestProperty(Contract.SECRET_HEADER, secret);
    }
    c.setConnectTimeout(connectMillis);
    c.setReadTimeout(readMillis);
    c.setInstanceFollowRedirects(false);
    return c;
  }

  private static byte[] answer(HttpURLConnection c, int max) throws IOException {
    int status = c.getResponseCode();
    InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
    if (status == 200) {
      byte[] body = in == null ? new byte[0] : readAndClose(in, max);
      if (body.length > max) {
        throw new IOException("answer larger than " + max + " bytes from " + c.getURL());
      }
      return body;
    }
    // Only the start of an error's body is kept; the rest is not read.
    byte[] body = in == null ? new byte[0] : readAndClose(in, MAX_ERROR_BYTES - 1);
    String text = new String(body, StandardCharsets.UTF_8);
    if (status == 403) {
      throw new RefusedException(text);
    }
    throw new UnexpectedStatusException(status, text);
  }

  private synchronized SSLSocketFactory pinnedFactory() throws IOException {
    if (pinnedFactory == null) {
      try {
        pinnedFactory = TlsContext.trusting(pinned).getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot trust " + pinned + ": " + e.getMessage(), e);
      }
    }
    return pinnedFactory;
  }

  /** A body whose closing ends its connection: what was not read is not drained. */
  private static final class Disconnecting extends java.io.FilterInputStream {
    private final HttpURLConnection connection;

    Disconnecting(InputStream in, HttpURLConnection connection) {
      super(in);
      this.connection = connection;
    }

    @Override
    public void close() {
      connection.disconnect();
    }
  }

  // Up to max + 1 bytes, so that a body over max can be told from one of max.
  private static byte[] readAndClose(InputStream in, int max) throws IOException {
    try (in) {
      return in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
    }
  }
}
