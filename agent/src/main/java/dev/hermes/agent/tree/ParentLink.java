package dev.hermes.agent.tree;

import dev.hermes.agent.client.EndpointClient;
import dev.hermes.agent.client.RefusedException;
import dev.hermes.agent.client.UnexpectedStatusException;
import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.api.StatusStore;
import dev.hermes.api.Subscription;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A child's link to its parent: joins with the one-time token (retrying with backoff), then pushes
 * every change (its own keys and its children's) on the daemon thread {@code hermes-push}, at least
 * once a second as a heartbeat. Changes are coalesced per key; after a failed push the next one
 * resends everything, in parts of a bounded size ({@link Push}). A parent that no longer knows the
 * session (403 to an update: it was restarted) is joined again without a token under the same name;
 * a parent that refuses a join (403) leaves this JVM's status local. A batch the parent refuses (a
 * 4xx: over a limit) is said once and offered again every 5 s. Keys too long for the parent are
 * withheld ({@link Outbox}), said once. An orphan (its parent refuses connections for 3 s) re-joins
 * the nearest living ancestor under its name. The requests themselves are a {@link ParentClient}'s.
 *
 * <p>{@code ParentLink link = ParentLink.start(config, request, store);} and at exit {@code
 * link.flush(300)}.
 */
public final class ParentLink implements Runnable {
  static final long HEARTBEAT_NANOS = 1_000_000_000L;
  static final long ORPHANED_NANOS = 3_000_000_000L;
  static final long FIRST_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;
  static final int PUSH_TIMEOUT_MILLIS = 2000;

  private final JoinRequest request;
  private final StatusStore store;
  private final Function<URI, ParentClient> clients;
  private final LinkClock clock;
  private final Deque<URI> ancestors;
  private final Outbox outbox;
  private final Object sending = new Object();
  private volatile URI parent;
  private volatile ParentClient client;
  private volatile String name;
  private volatile String session;
  private volatile boolean woken;
  private volatile boolean stopped;
  private volatile String adoptedFrom;
  // What this link has said once: refusals of its keys and waits to join (by HTTP status), and
  // that it withholds keys; and whether a push went through since it last joined again.
  private final Set<Integer> saidRefusal = new HashSet<>();
  private final Set<Integer> saidJoinWait = new HashSet<>();
  private boolean saidWithheld;
  private boolean pushedSinceRejoin = true;
  // The number of the last body sent, over the link's whole life (never reset, so a parent that
  // keeps a child's record across a repeated join still sees the numbers grow); under sending.
  private long seq;
  private volatile Subscription subscription;
  private Thread thread;

  /**
   * A link to {@code parent}, then to {@code ancestors} (nearest first) should it die, reaching
   * each through the client {@code clients} gives for its URL.
   */
  ParentLink(
      URI parent,
      List<URI> ancestors,
      JoinRequest request,
      StatusStore store,
      Function<URI, ParentClient> clients,
      LinkClock clock) {
    this.parent = parent;
    this.ancestors = new ArrayDeque<>(ancestors);
    this.request = request;
    this.store = store;
    this.clients = clients;
    this.clock = clock;
    this.outbox = new Outbox(store);
    this.client = clients.apply(parent);
  }

  /**
   * Starts joining the configured parent in the background; if the parent dies, the link re-joins
   * the nearest living ancestor.
   */
  public static ParentLink start(AgentConfig config, JoinRequest request, StatusStore store) {
    EndpointClient http = new EndpointClient(config.secret(), config.parentCert());
    ParentLink link =
        new ParentLink(
            config.parent(),
            ancestors(config.ancestors()),
            request,
            store,
            new HttpParentClient.Factory(http),
            LinkClock.SYSTEM);
    link.start();
    return link;
  }

  /** The URLs in {@code commaSeparated} (null for none), in order. */
  static List<URI> ancestors(String commaSeparated) {
    List<URI> urls = new ArrayList<>();
    if (commaSeparated != null) {
      for (String url : commaSeparated.split(",")) {
        if (!url.isBlank()) {
          urls.add(URI.create(url.trim()));
        }
      }
    }
    return urls;
  }

  /** Runs the link on a new daemon thread, {@code hermes-push}, and returns that thread. */
  Thread start() {
    thread = Daemons.thread("hermes-push", this);
    thread.start();
    return thread;
  }

  /** Ends the link's thread and its subscription to the store (for tests). */
  void stop() {
    stopped = true;
    thread.interrupt();
  }

  @Override
  public void run() {
    try {
      if (!joinWithRetries()) {
        return;
      }
      subscription =
          store.subscribe(
              "",
              change -> {
                outbox.changed(change.key());
                // Unpark only on the first change since the last push: report() stays cheap.
                if (!woken) {
                  woken = true;
                  LockSupport.unpark(thread);
                }
              });
      pushUntilRefused();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      Log.error("the link to parent " + parent + " failed; status stays local", e);
    } finally {
      Subscription current = subscription;
      if (stopped && current != null) {
        current.close();
      }
    }
  }

  /** Sends what is pending now, from a shutdown hook: at most {@code millis} of waiting. */
  public void flush(int millis) {
    if (session == null) {
      return;
    }
    try {
      pushOnce(millis, clock.nanoTime() + millis * 1_000_000L);
    } catch (IOException | RuntimeException e) {
      Log.debug("final push failed: " + e);
    }
  }

  private boolean joinWithRetries() throws InterruptedException {
    JoinAnswer answer = join(request);
    if (answer == null) {
      return false;
    }
    name = answer.name();
    session = answer.session();
    Log.named(name);
    Log.debug("joined " + parent + " as " + answer.name());
    return true;
  }

  /**
   * Joins the parent with {@code join}, retrying with backoff while it cannot be reached or has no
   * room; null, after one line, when it refuses (403).
   */
  private JoinAnswer join(JoinRequest join) throws InterruptedException {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (!stopped) {
      try {
        return client.join(join);
      } catch (RefusedException e) {
        if (join.token != null && session == null) {
          // Its token was taken already: a start script ran a JVM before this one (Spark's
          // launcher, jetty.sh's --dry-run), which joined with it. This one joins as any JVM may.
          Log.debug("token refused (" + e.getMessage() + "); joining without it");
          join = new JoinRequest(null, join.pid, join.name, join.main, join.url, join.adoptedFrom);
          continue;
        }
        Log.warn(
            "parent "
                + parent
                + " refused to join this JVM"
                + (join.token == null && session != null ? " again" : "")
                + " ("
                + Excerpt.of(e.getMessage())
                + "); status stays local");
        return null;
      } catch (IOException e) {
        if (e instanceof UnexpectedStatusException && saidJoinWait.add(status(e))) {
          Log.warn(
              "parent "
                  + parent
                  + " cannot take this JVM now ("
                  + describe(e)
                  + "); trying again every few seconds");
        } else {
          Log.debug("join " + parent + " failed: " + e);
        }
        clock.sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
    return null;
  }

  /**
   * The parent no longer knows this JVM's session (it was restarted, or forgot a silent child):
   * joins it again without a token, under the same name. False when the parent refuses that.
   */
  private boolean rejoin(RefusedException why) throws InterruptedException {
    JoinAnswer answer =
        join(new JoinRequest(null, request.pid, name, request.main, request.url, adoptedFrom));
    if (answer == null) {
      return false;
    }
    String was = name;
    name = answer.name();
    session = answer.session();
    Log.named(name);
    outbox.resendAll();
    String line =
        "parent "
            + parent
            + " no longer knew this JVM as "
            + was
            + " ("
            + Excerpt.of(why.getMessage())
            + "); joined again as "
            + name;
    // One line for each time it happens, not for a parent that forgets again at once.
    if (pushedSinceRejoin) {
      Log.warn(line);
    } else {
      Log.debug(line);
    }
    pushedSinceRejoin = false;
    return true;
  }

  private void pushUntilRefused() throws InterruptedException {
    long backoff = FIRST_BACKOFF_MILLIS;
    long failingSince = 0;
    long lastSent = clock.nanoTime();
    while (!stopped) {
      long untilHeartbeat = HEARTBEAT_NANOS - (clock.nanoTime() - lastSent);
      if (!woken && !outbox.fullNeeded() && untilHeartbeat > 0) {
        clock.park(this, untilHeartbeat);
        continue;
      }
      try {
        pushOnce(PUSH_TIMEOUT_MILLIS, Long.MAX_VALUE);
        lastSent = clock.nanoTime();
        backoff = FIRST_BACKOFF_MILLIS;
        failingSince = 0;
      } catch (RefusedException e) {
        if (pushedSinceRejoin) {
          backoff = FIRST_BACKOFF_MILLIS;
        } else {
          // Joined again, and refused again before a push went through: not at full speed.
          clock.sleep(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
        if (!rejoin(e)) {
          return;
        }
        failingSince = 0;
      } catch (IOException e) {
        if (e instanceof UnexpectedStatusException && status(e) / 100 == 4) {
          // The parent refused this batch (over a limit): the parent shows why, and this says so
          // once; everything is offered again at the slowest pace, in case it has room later.
          if (saidRefusal.add(status(e))) {
            Log.warn(
                "parent "
                    + parent
                    + " refused this JVM's keys ("
                    + describe(e)
                    + "); it shows the last it took, and this JVM offers them again every "
                    + MAX_BACKOFF_MILLIS / 1000
                    + " s");
          }
          backoff = MAX_BACKOFF_MILLIS;
        } else {
          Log.debug("push to " + parent + " failed: " + e);
        }
        if (e instanceof ConnectException) {
          failingSince = failingSince == 0 ? clock.nanoTime() : failingSince;
          if (clock.nanoTime() - failingSince > ORPHANED_NANOS && adopt()) {
            failingSince = 0;
            backoff = FIRST_BACKOFF_MILLIS;
            continue;
          }
        }
        clock.sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  /** The parent is gone: joins the nearest living ancestor, keeping this JVM's name. */
  private boolean adopt() {
    URI dead = parent;
    while (!ancestors.isEmpty()) {
      URI ancestor = ancestors.peekFirst();
      try {
        parent = ancestor;
        ParentClient adoptive = clients.apply(ancestor);
        JoinAnswer answer = adoptive.join(request.adoptedBy(name, dead.toString()));
        ancestors.removeFirst();
        client = adoptive;
        name = answer.name();
        session = answer.session();
        adoptedFrom = dead.toString();
        Log.named(name);
        outbox.resendAll();
        Log.debug("parent " + dead + " is gone; joined " + ancestor + " as " + name);
        return true;
      } catch (IOException e) {
        Log.debug("ancestor " + ancestor + " did not take this JVM: " + e);
        if (e instanceof UnexpectedStatusException && status(e) == 503) {
          break; // alive, but with no room now: asked again on the next failed push
        }
        ancestors.removeFirst();
      }
    }
    parent = dead;
    return false;
  }

  /**
   * Sends one push, as many bodies as it takes, each with at most {@code timeoutMillis} and none
   * begun after {@code deadline} (a {@link LinkClock#nanoTime} reading); a failed one leaves
   * everything to be sent again.
   */
  private void pushOnce(int timeoutMillis, long deadline) throws IOException {
    synchronized (sending) {
      woken = false;
      Push push = outbox.push(name);
      String withheld = outbox.newlyWithheld();
      if (withheld != null && !saidWithheld) {
        saidWithheld = true;
        Log.warn(
            "key ["
                + Excerpt.of(withheld)
                + "] cannot be shown at parent "
                + parent
                + " ("
                + ChildKeys.whyWithheld(name, withheld)
                + "); it and any like it stay here, counted there in "
                + name
                + "/"
                + ChildFields.WITHHELD);
      }
      try {
        while (push.hasNext()) {
          if (clock.nanoTime() - deadline > 0) {
            throw new IOException("no time left to send everything");
          }
          client.update(session, push.next(store.now(), clock.wallMillis(), ++seq), timeoutMillis);
        }
        outbox.sent();
        pushedSinceRejoin = true;
      } catch (IOException e) {
        outbox.resendAll();
        throw e;
      }
    }
  }

  private static int status(IOException e) {
    return ((UnexpectedStatusException) e).status();
  }

  private static String describe(IOException e) {
    return e instanceof UnexpectedStatusException
        ? status(e) + ": " + Excerpt.of(((UnexpectedStatusException) e).body().trim())
        : Log.describe(e);
  }
}
