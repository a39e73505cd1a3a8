package dev.hermes.agent.probe;

import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.WatchedFile;
import dev.hermes.api.Hermes;
import dev.hermes.api.StatusStore;
import dev.hermes.api.Subscription;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The probes of a file, kept in step with it: read at start, then looked at every {@value
 * #POLL_MILLIS} ms on the {@code hermes-probes} thread (a stat; the file is read only when its time
 * or size changed). A probe added is started, one whose line changed is started again, one removed
 * is stopped and its keys go; the rest run on undisturbed. A file that is missing or unreadable
 * counts as empty, said once. The probes themselves run on the api's prober ({@link Hermes#probe}),
 * with the probes of code.
 */
public final class Probes implements Runnable {
  static final long POLL_MILLIS = 2000;

  private final Path file;
  private final StatusStore store;
  private final Map<String, Running> running = new HashMap<>();
  private final WatchedFile watched;
  private volatile boolean stopped;

  Probes(Path file, StatusStore store) {
    this.file = file;
    this.store = store;
    this.watched = new WatchedFile(file, "probes");
  }

  /** Loads {@code file} and keeps watching it on a daemon thread. */
  public static Probes start(Path file, StatusStore store) {
    Probes probes = new Probes(file, store);
    try {
      probes.look();
    } catch (LinkageError e) {
      Log.warn(
          "probes are off: the application's hermes-api is older than this agent ("
              + Log.describe(e)
              + ")");
      return probes;
    }
    Daemons.start("hermes-probes", probes);
    return probes;
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        Thread.sleep(POLL_MILLIS);
        look();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.error("probes [" + file + "]", e);
      } catch (LinkageError e) {
        Log.warn(
            "probes are off: the application's hermes-api is older than this agent ("
                + Log.describe(e)
                + ")");
        return;
      }
    }
  }

  /** Reads the file if it changed and applies it; package-private for tests. */
  synchronized void look() {
    String text = watched.changed();
    if (text != null) {
      apply(ProbeFile.parse(text, store, file));
    }
  }

  private void apply(ProbeFile.Parsed parsed) {
    for (String problem : parsed.problems) {
      Log.warn("probes [" + file + "] " + problem + "; that line is skipped");
    }
    Iterator<Map.Entry<String, Running>> it = running.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Running> e = it.next();
      ProbeFile.Spec now = parsed.probes.get(e.getKey());
      if (now == null) {
        e.getValue().subscription.close();
        it.remove();
      }
    }
    for (ProbeFile.Spec spec : parsed.probes.values()) {
      Running was = running.get(spec.name);
      if (was != null && was.line.equals(spec.line)) {
        continue;
      }
      // Replaces a probe of the same name in place: its keys stay, the new check reports next.
      Subscription s = Hermes.probe(spec.name, spec.every, spec.check);
      running.put(spec.name, new Running(spec.line, s));
    }
  }

  /** The names of the probes running from the file; for tests. */
  synchronized java.util.Set<String> names() {
    return new java.util.TreeSet<>(running.keySet());
  }

  /** Stops watching and every probe of the file; for tests. */
  synchronized void stop() {
    stopped = true;
    for (Running r : running.values()) {
      r.subscription.close();
    }
    running.clear();
  }

  private static final class Running {
    final String line;
    final Subscription subscription;

    Running(String line, Subscription subscription) {
      this.line = line;
      this.subscription = subscription;
    }
  }
}
