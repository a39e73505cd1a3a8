package dev.hermes.agent.tree;

import dev.hermes.agent.config.Contract;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.tls.TlsContext;
import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * A child's link to its parent: joins with the one-time token, then pushes every change (its own
 * keys and its children's) on the daemon thread {@code hermes-push}, at least once a second as a
 * heartbeat. Changes are coalesced per key; after a failed push the next one resends everything. An
 * orphan (its parent refuses connections for 3 s) re-joins the nearest living ancestor.
 */
public final class ParentLink implements Runnable {
  private static final long HEARTBEAT_NANOS = 1_000_000_000L;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private static final long ORPHANED_NANOS = 3_000_000_000L;

  private volatile URI parent;
  private final JoinRequest request;
  private final StatusStore store;
  private final String secret;
  private final Path parentCert;
  private final Deque<URI> ancestors;
  private volatile String name;
  private SSLSocketFactory pinned;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Object sending = new Object();
  private volatile boolean woken;
  private volatile boolean fullNeeded = true;
  private volatile String session;
  private volatile boolean stopped;
  private Thread thread;

  private ParentLink(AgentConfig config, JoinRequest request, StatusStore store) {
    this.parent = config.parent();
    this.request = request;
    this.store = store;
    this.secret = config.secret();
    this.parentCert = config.parentCert();
    this.ancestors = new ArrayDeque<>();
    if (config.ancestors() != null) {
      for (String url : config.ancestors().split(",")) {
        if (!url.isBlank()) {
          ancestors.add(URI.create(url.trim()));
        }
      }
    }
  }

  /**
   * Starts joining the configured parent in the background; if the parent dies, the link re-joins
   * the nearest living ancestor.
   */
  public static ParentLink start(AgentConfig config, JoinRequest request, StatusStore store) {
    ParentLink link = new ParentLink(config, request, store);
    link.thread = new Thread(link, "hermes-push");
    link.thread.setDaemon(true);
    link.thread.start();
    return link;
  }

  @Override
  public void run() {
    try {
      if (!joinWithRetries()) {
        return;
      }
      store.subscribe(
          "",
          change -> {
            dirty.add(change.key());
            // Unpark only on the first change since the last push: report() stays cheap.
            if (!woken) {
              woken = true;
              LockSupport.unpark(thread);
            }
          });
      long backoff = 100;
      long failingSince = 0;
      long lastSent = System.nanoTime();
      while (!stopped) {
        long untilHeartbeat = HEARTBEAT_NANOS - (System.nanoTime() - lastSent);
        if (!woken && !fullNeeded && untilHeartbeat > 0) {
          LockSupport.parkNanos(this, untilHeartbeat);
          continue;
        }
        try {
          pushOnce();
          lastSent = System.nanoTime();
          backoff = 100;
          failingSince = 0;
        } catch (RefusedException e) {
          Log.warn(
              "parent "
                  + parent
                  + " refused this JVM's updates ("
                  + e.getMessage()
                  + "); status stays local");
          return;
        } catch (IOException e) {
          fullNeeded = true;
          Log.debug("push to " + parent + " failed: " + e);
          if (e instanceof ConnectException) {
            failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
            if (System.nanoTime() - failingSince > ORPHANED_NANOS && adopt()) {
              failingSince = 0;
              backoff = 100;
              continue;
            }
          }
          Thread.sleep(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      Log.error("the link to parent " + parent + " failed; status stays local", e);
    }
  }

  /** Sends what is pending now, from a shutdown hook: at most {@code millis} of waiting. */
  public void flush(int millis) {
    if (session == null) {
      return;
    }
    try {
      pushOnce(millis);
    } catch (IOException | RuntimeException e) {
      Log.debug("final push failed: " + e);
    }
  }

  private boolean joinWithRetries() throws InterruptedException {
    long backoff = 100;
    while (!stopped) {
      try {
        JoinAnswer answer =
            TreeCodec.parseJoinAnswer(
                post("/hermes/join", TreeCodec.joinRequest(request), null, 2000));
        name = answer.name();
        session = answer.session();
        Log.debug("joined " + parent + " as " + answer.name());
        return true;
      } catch (RefusedException e) {
        Log.warn(
            "parent "
                + parent
                + " refused to join this JVM ("
                + e.getMessage()
                + "); status stays local");
        return false;
      } catch (IOException e) {
        Log.debug("join " + parent + " failed: " + e);
        Thread.sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
    return false;
  }

  /** The parent is gone: joins the nearest living ancestor, keeping this JVM's name. */
  private boolean adopt() {
    URI dead = parent;
    while (!ancestors.isEmpty()) {
      URI ancestor = ancestors.peekFirst();
      try {
        parent = ancestor;
        JoinRequest orphan = request.adoptedBy(name, dead.toString());
        JoinAnswer answer =
            TreeCodec.parseJoinAnswer(
                post("/hermes/join", TreeCodec.joinRequest(orphan), null, 2000));
        ancestors.removeFirst();
        name = answer.name();
        session = answer.session();
        fullNeeded = true;
        Log.debug("parent " + dead + " is gone; joined " + ancestor + " as " + name);
        return true;
      } catch (IOException e) {
        Log.debug("ancestor " + ancestor + " did not take this JVM: " + e);
        ancestors.removeFirst();
      }
    }
    parent = dead;
    return false;
  }

  private void pushOnce() throws IOException {
    pushOnce(2000);
  }

  private void pushOnce(int timeoutMillis) throws IOException {
    synchronized (sending) {
      woken = false;
      boolean full = fullNeeded;
      Map<String, Status> set = new LinkedHashMap<>();
      List<String> removed = new ArrayList<>();
      if (full) {
        dirty.clear();
        set.putAll(store.snapshot(""));
      } else {
        for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
          String key = it.next();
          it.remove();
          Optional<Status> status = store.get(key);
          if (status.isPresent()) {
            set.put(key, status.get());
          } else {
            removed.add(key);
          }
        }
      }
      byte[] body = TreeCodec.update(full, set, removed, store.now());
      try {
        post("/hermes/update", body, session, timeoutMillis);
        fullNeeded = false;
      } catch (IOException e) {
        fullNeeded = true;
        throw e;
      }
    }
  }

  private byte[] post(String path, byte[] body, String session, int timeoutMillis)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) parent.resolve(path).toURL().openConnection();
    if (c instanceof HttpsURLConnection && parentCert != null) {
      // Only the parent's own certificate is trusted, so the host name adds nothing to check.
      ((HttpsURLConnection) c).setSSLSocketFactory(pinnedFactory());
      ((HttpsURLConnection) c).setHostnameVerifier((host, ssl) -> true);
    }
    if (secret != null) {
      c.setRequestProperty(Contract.SECRET_HEADER, secret);
    }
    try {
      c.setConnectTimeout(timeoutMillis);
      c.setReadTimeout(timeoutMillis);
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
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      byte[] answer = in == null ? new byte[0] : readAndClose(in);
      if (status == 403) {
        throw new RefusedException(
            new String(answer, java.nio.charset.StandardCharsets.UTF_8).trim());
      }
      if (status != 200) {
        throw new IOException("parent answered " + status);
      }
      return answer;
    } catch (IOException e) {
      c.disconnect();
      throw e;
    }
  }

  private synchronized SSLSocketFactory pinnedFactory() throws IOException {
    if (pinned == null) {
      try {
        pinned = TlsContext.trusting(parentCert).getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot trust " + parentCert + ": " + e.getMessage(), e);
      }
    }
    return pinned;
  }

  private static byte[] readAndClose(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** The parent answered 403: retrying cannot help. */
  private static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException(String reason) {
      super(reason);
    }
  }
}
