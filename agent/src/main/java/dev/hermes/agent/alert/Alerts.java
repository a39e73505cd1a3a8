package dev.hermes.agent.alert;

import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.WatchedFile;
import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusListener;
import dev.hermes.api.StatusStore;
import dev.hermes.api.Subscription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The alert rules of a file, evaluated over every change in this JVM's subtree. The store calls
 * {@link #onChange} on the changing thread (a child's push, an own report): it only matches the key
 * against the rules and queues the change, never blocking (a full queue makes the evaluator read
 * the matching keys again instead). The {@code hermes-alerts} thread owns all state: an incident
 * starts when a key's value meets a rule's condition, fires once it has held for the rule's {@code
 * for=}, and resolves when the value no longer meets it or the key goes; each sends one message to
 * each of the rule's destinations, whose own threads deliver them ({@link Destination}). The rule's
 * state is the key {@code alert.<name>.state}: {@code firing} while an incident fires, {@code
 * pending} while one waits out its hold, else {@code ok}. The file is looked at every 2 s.
 */
public final class Alerts implements Runnable, StatusListener {
  static final long POLL_NANOS = 2_000_000_000L;
  static final int QUEUE = 65_536;
  static final int MAX_INCIDENTS_PER_RULE = 10_000;

  private final Path file;
  private final StatusStore store;
  private final String source;
  private final BlockingQueue<Change> changes = new ArrayBlockingQueue<>(QUEUE);
  private volatile AlertFile.Rule[] rules = new AlertFile.Rule[0];
  private volatile boolean overflow;
  private volatile boolean stopped;
  // Owned by the evaluating thread.
  private final Map<String, RuleState> states = new LinkedHashMap<>();
  private final Map<String, Destination> destinations = new HashMap<>();
  private int destinationCount;
  private final WatchedFile watched;
  private Subscription subscription;

  Alerts(Path file, StatusStore store, String source) {
    this.file = file;
    this.store = store;
    this.source = source;
    this.watched = new WatchedFile(file, "alerts");
  }

  /** Loads {@code file}, subscribes to the store and starts the {@code hermes-alerts} thread. */
  public static Alerts start(Path file, StatusStore store, String source) {
    Alerts alerts = new Alerts(file, store, source);
    alerts.subscription = store.subscribe("", alerts);
    alerts.look();
    Daemons.start("hermes-alerts", alerts);
    return alerts;
  }

  @Override
  public void onChange(StatusChange change) {
    String key = change.key();
    for (AlertFile.Rule r : rules) {
      if (r.pattern.matches(key)) {
        Optional<Status> s = change.status();
        String value =
            change.kind() == StatusChange.Kind.SET && s.isPresent() ? s.get().value() : null;
        if (!changes.offer(new Change(key, value, System.nanoTime()))) {
          overflow = true;
        }
        return;
      }
    }
  }

  @Override
  public void run() {
    long nextLook = System.nanoTime() + POLL_NANOS;
    while (!stopped) {
      try {
        long now = System.nanoTime();
        if (now - nextLook >= 0) {
          look();
          nextLook = now + POLL_NANOS;
        }
        long until = Math.min(nextLook, nextDue(now)) - now;
        Change c = changes.poll(Math.max(until, 1_000_000L), TimeUnit.NANOSECONDS);
        step(c);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.error("alerts", e);
      }
    }
  }

  /** Applies {@code first} and whatever else is queued, then fires what is due; for tests too. */
  synchronized void step(Change first) {
    if (first != null) {
      apply(first);
      List<Change> more = new ArrayList<>();
      changes.drainTo(more);
      for (Change c : more) {
        apply(c);
      }
    }
    if (overflow) {
      overflow = false;
      rescan(null);
    }
    fireDue(System.nanoTime());
    publish();
  }

  synchronized void stop() {
    stopped = true;
    if (subscription != null) {
      subscription.close();
    }
    for (Destination d : destinations.values()) {
      d.stop();
    }
    for (String name : states.keySet()) {
      store.remove(stateKey(name));
    }
  }

  /** Reads the file if it changed and applies it. */
  synchronized void look() {
    String text = watched.changed();
    if (text != null) {
      load(AlertFile.parse(text, file));
    }
  }

  private void load(AlertFile.Parsed parsed) {
    for (String problem : parsed.problems) {
      Log.warn("alerts [" + file + "] " + problem + "; that line is skipped");
    }
    Map<String, RuleState> kept = new LinkedHashMap<>();
    List<String> fresh = new ArrayList<>();
    for (AlertFile.Rule r : parsed.rules.values()) {
      RuleState old = states.get(r.name);
      if (old != null && old.rule.line.equals(r.line)) {
        kept.put(r.name, old);
      } else {
        kept.put(r.name, new RuleState(r, destinationsOf(r)));
        fresh.add(r.name);
      }
    }
    for (String name : states.keySet()) {
      if (!kept.containsKey(name) || fresh.contains(name)) {
        store.remove(stateKey(name));
      }
    }
    states.clear();
    states.putAll(kept);
    // Destinations no rule uses any more stop; their waiting messages go with them.
    java.util.Set<String> used = new java.util.HashSet<>();
    for (RuleState s : states.values()) {
      used.addAll(s.rule.destinations);
    }
    Iterator<Map.Entry<String, Destination>> it = destinations.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Destination> e = it.next();
      if (!used.contains(e.getKey())) {
        e.getValue().stop();
        it.remove();
      }
    }
    AlertFile.Rule[] now = new AlertFile.Rule[states.size()];
    int i = 0;
    for (RuleState s : states.values()) {
      now[i++] = s.rule;
    }
    rules = now;
    if (!fresh.isEmpty()) {
      rescan(fresh);
    }
    publish();
  }

  private List<Destination> destinationsOf(AlertFile.Rule r) {
    List<Destination> list = new ArrayList<>();
    for (Map.Entry<String, Destination> e : r.made.entrySet()) {
      Destination d = destinations.get(e.getKey());
      if (d == null) {
        d = e.getValue();
        d.start(++destinationCount);
        destinations.put(e.getKey(), d);
      }
      list.add(d);
    }
    return list;
  }

  /** Reads the keys the named rules (null: all) match, as changes that happened when set. */
  private void rescan(List<String> names) {
    long now = store.now();
    long nanoNow = System.nanoTime();
    List<RuleState> which = new ArrayList<>();
    for (RuleState s : states.values()) {
      if (names == null || names.contains(s.rule.name)) {
        which.add(s);
      }
    }
    Map<String, Change> seen = new HashMap<>();
    store.forEach(
        "",
        now,
        (key, status) -> {
          for (RuleState s : which) {
            if (s.rule.pattern.matches(key)) {
              seen.put(key, new Change(key, status.value(), nanoNow - status.ageNanos(now)));
              return;
            }
          }
        });
    for (RuleState s : which) {
      // Keys of an incident that are gone now: the change was their removal.
      for (String key : new ArrayList<>(s.incidents.keySet())) {
        if (!seen.containsKey(key)) {
          applyTo(s, new Change(key, null, nanoNow));
        }
      }
      for (Change c : seen.values()) {
        if (s.rule.pattern.matches(c.key)) {
          applyTo(s, c);
        }
      }
    }
  }

  private void apply(Change c) {
    for (RuleState s : states.values()) {
      if (s.rule.pattern.matches(c.key)) {
        applyTo(s, c);
      }
    }
  }

  private void applyTo(RuleState s, Change c) {
    boolean holds = c.value != null && Boolean.TRUE.equals(s.rule.condition.test(c.value));
    Incident inc = s.incidents.get(c.key);
    if (holds) {
      if (inc == null) {
        if (s.incidents.size() >= MAX_INCIDENTS_PER_RULE) {
          if (!s.saidFull) {
            s.saidFull = true;
            Log.warn(
                "alerts: rule ["
                    + s.rule.name
                    + "] has "
                    + MAX_INCIDENTS_PER_RULE
                    + " incidents; further keys are not watched");
          }
          return;
        }
        s.incidents.put(c.key, new Incident(c.value, c.nanos, wallMillis(c.nanos)));
      } else {
        inc.value = c.value;
      }
    } else if (inc != null) {
      s.incidents.remove(c.key);
      if (inc.firing && s.rule.sendResolved) {
        send(s, c.key, inc, false, c.value);
      }
    }
  }

  private void fireDue(long now) {
    for (RuleState s : states.values()) {
      for (Map.Entry<String, Incident> e : s.incidents.entrySet()) {
        Incident inc = e.getValue();
        if (!inc.firing && now - inc.sinceNanos >= s.rule.holdNanos) {
          inc.firing = true;
          send(s, e.getKey(), inc, true, inc.value);
        }
      }
    }
  }

  private synchronized long nextDue(long now) {
    long next = now + POLL_NANOS;
    for (RuleState s : states.values()) {
      for (Incident inc : s.incidents.values()) {
        if (!inc.firing) {
          long due = inc.sinceNanos + s.rule.holdNanos;
          if (due - next < 0) {
            next = due;
          }
        }
      }
    }
    return next;
  }

  private void send(RuleState s, String key, Incident inc, boolean firing, String value) {
    Message m =
        new Message(
            s.rule.name,
            firing,
            key,
            value,
            inc.sinceMillis,
            System.currentTimeMillis(),
            s.rule.name + "/" + key + "/" + inc.sinceMillis,
            source);
    for (Destination d : s.destinations) {
      d.offer(m);
    }
  }

  private void publish() {
    for (RuleState s : states.values()) {
      String state = "ok";
      for (Incident inc : s.incidents.values()) {
        if (inc.firing) {
          state = "firing";
          break;
        }
        state = "pending";
      }
      if (!state.equals(s.published)) {
        try {
          store.report(stateKey(s.rule.name), state, 0);
          s.published = state;
        } catch (IllegalArgumentException full) {
          // This JVM holds its most keys; the state shows once there is room.
        }
      }
    }
  }

  private static String stateKey(String rule) {
    return "alert." + rule + ".state";
  }

  private static long wallMillis(long nanos) {
    return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
  }

  /** A change to a key a rule matches: its new value, null once removed or expired. */
  static final class Change {
    final String key;
    final String value;
    final long nanos;

    Change(String key, String value, long nanos) {
      this.key = key;
      this.value = value;
      this.nanos = nanos;
    }
  }

  private static final class Incident {
    String value;
    final long sinceNanos;
    final long sinceMillis;
    boolean firing;

    Incident(String value, long sinceNanos, long sinceMillis) {
      this.value = value;
      this.sinceNanos = sinceNanos;
      this.sinceMillis = sinceMillis;
    }
  }

  private static final class RuleState {
    final AlertFile.Rule rule;
    final List<Destination> destinations;
    final Map<String, Incident> incidents = new LinkedHashMap<>();
    String published;
    boolean saidFull;

    RuleState(AlertFile.Rule rule, List<Destination> destinations) {
      this.rule = rule;
      this.destinations = destinations;
    }
  }
}
