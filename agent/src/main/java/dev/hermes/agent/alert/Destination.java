package dev.hermes.agent.alert;

import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where alert messages go: a webhook (a URL, an optional header whose value is read from a file) or
 * Slack (the incoming-webhook URL read from a file: it is the credential). Each destination has its
 * own bounded queue and its own daemon thread, so a receiver that is down or hangs delays only its
 * own messages: they wait, in order, and are retried with back-off (1 s doubling to 60 s) for up to
 * an hour. A full queue ({@value #CAPACITY} messages) refuses new ones, said once.
 */
final class Destination implements Runnable {
  static final int CAPACITY = 1024;
  static final int TIMEOUT_MILLIS = 5000;
  static final long MAX_BACKOFF_MILLIS = 60_000;
  static final long GIVE_UP_MILLIS = 3_600_000;

  private final String spec;
  private final URI url;
  private final Path urlFile;
  private final String headerName;
  private final Path headerFile;
  private final boolean slack;
  private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(CAPACITY);
  private volatile boolean stopped;
  private volatile Thread thread;
  private boolean saidFull;
  // For tests: the first retry's wait, in milliseconds.
  long firstBackoffMillis = 1000;

  private Destination(
      String spec, URI url, Path urlFile, String headerName, Path headerFile, boolean slack) {
    this.spec = spec;
    this.url = url;
    this.urlFile = urlFile;
    this.headerName = headerName;
    this.headerFile = headerFile;
    this.slack = slack;
  }

  static Destination webhook(String spec, URI url, String headerName, Path headerFile) {
    return new Destination(spec, url, null, headerName, headerFile, false);
  }

  static Destination slack(String spec, Path urlFile) {
    return new Destination(spec, null, urlFile, null, null, true);
  }

  /** The options that made it: two rules with the same share one destination. */
  String spec() {
    return spec;
  }

  boolean isSlack() {
    return slack;
  }

  /** Where it sends, without secrets: a webhook's scheme and authority, or Slack's file. */
  String shown() {
    return slack
        ? "slack [" + urlFile + "]"
        : "webhook " + url.getScheme() + "://" + url.getRawAuthority();
  }

  void start(int n) {
    thread = Daemons.start("hermes-alert-send-" + n, this);
  }

  void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Queues a message; never blocks. */
  void offer(Message m) {
    if (!queue.offer(m)) {
      synchronized (this) {
        if (!saidFull) {
          saidFull = true;
          Log.warn(
              "alerts: "
                  + CAPACITY
                  + " messages wait for "
                  + shown()
                  + "; newer ones are dropped until it takes them");
        }
      }
    } else {
      synchronized (this) {
        saidFull = false;
      }
    }
  }

  @Override
  public void run() {
    while (!stopped) {
      Message m;
      try {
        m = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (!deliver(m)) {
        return;
      }
    }
  }

  // False when stopped while retrying.
  private boolean deliver(Message m) {
    long backoff = firstBackoffMillis;
    int attempts = 0;
    long first = System.currentTimeMillis();
    while (true) {
      attempts++;
      String problem;
      try {
        int status = send(m);
        if (status >= 200 && status < 300) {
          if (attempts > 1) {
            Log.warn("alerts: " + shown() + " took the message after " + attempts + " attempts");
          }
          return true;
        }
        problem = "HTTP " + status;
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
          Log.warn("alerts: " + shown() + " refused a message (" + problem + "); it is dropped");
          return true;
        }
      } catch (IOException | RuntimeException e) {
        problem = Log.describe(e);
      }
      if (System.currentTimeMillis() - first > GIVE_UP_MILLIS) {
        Log.warn(
            "alerts: " + shown() + " failed for an hour (" + problem + "); a message is dropped");
        return true;
      }
      if (attempts == 1) {
        Log.warn("alerts: cannot deliver to " + shown() + " (" + problem + "); retrying");
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return false;
      }
      if (stopped) {
        return false;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  private int send(Message m) throws IOException {
    URI target = url;
    if (slack) {
      target = URI.create(Files.readString(urlFile, StandardCharsets.UTF_8).trim());
    }
    byte[] body = (slack ? m.slackJson() : m.json()).getBytes(StandardCharsets.UTF_8);
    HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
    try {
      c.setConnectTimeout(TIMEOUT_MILLIS);
      c.setReadTimeout(TIMEOUT_MILLIS);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setDoOutput(true);
      c.setRequestMethod("POST");
      c.setRequestProperty("Content-Type", "application/json");
      if (headerName != null) {
        c.setRequestProperty(
            headerName, Files.readString(headerFile, StandardCharsets.UTF_8).trim());
      }
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      if (in != null) {
        try (in) {
          in.readNBytes(4096);
        }
      }
      return status;
    } finally {
      c.disconnect();
    }
  }
}
