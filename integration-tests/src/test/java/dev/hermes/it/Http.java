package dev.hermes.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Plain HTTP for tests: the JDK client for well-formed requests, a socket for malformed ones. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  static Response get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** A GET with headers given as name, value, name, value... */
  static Response get(String url, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** A GET through a client that trusts only {@code tls}. */
  static Response get(SSLContext tls, String url) throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), "", "", r.body());
  }

  /** A raw POST of {@code body} with extra header lines ("Name: value"); returns the response. */
  static String post(String url, String body, String... headerLines) throws IOException {
    URI uri = URI.create(url);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request =
        new StringBuilder(
            "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    return raw(url, request + new String(bytes, StandardCharsets.ISO_8859_1));
  }

  static Response send(String method, String url) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private static Response send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        CLIENT.send(
            request.timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(
        r.statusCode(),
        r.headers().firstValue("content-type").orElse(""),
        r.headers().firstValue("allow").orElse(""),
        r.body());
  }

  /** Sends raw bytes and returns everything the server answers before closing (5 s at most). */
  static String raw(String url, String request) throws IOException {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Sends {@code request} without closing and returns the first bytes answered. */
  static String rawHead(String url, String request) throws IOException {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      byte[] buffer = new byte[1024];
      int n = socket.getInputStream().read(buffer);
      return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  static final class Response {
    final int status;
    final String contentType;
    final String allow;
    final String body;

    Response(int status, String contentType, String allow, String body) {
      this.status = status;
      this.contentType = contentType;
      this.allow = allow;
      this.body = body;
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }
}
