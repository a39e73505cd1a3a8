package dev.hermes.agent.tree;

import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.Log;
import dev.hermes.api.Keys;
import dev.hermes.api.StatusStore;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The parent's children: one-time join tokens, sessions, names, and what the parent says of each
 * under its {@link ChildFields} (its {@link ChildState}, pid, exit code and, for an orphan that
 * re-joined here after its parent died, the parent it lost). A child's own keys arrive through
 * {@link #update} and are stored under {@code <name>/}; they go {@code grace} after it exits, its
 * exit record five minutes later.
 *
 * <p>Children joined without a token (by hand, orphans) are at most {@value #MAX_BY_HAND} at once,
 * and go once silent for longer than 3 s and {@code grace}, or when their process, if it is one of
 * this host's, ends.
 *
 * <p>{@code String token = registry.expect("worker1");} before spawning, then {@code
 * registry.started(token, process)}.
 */
public final class ChildRegistry {
  /** How many keys one child's whole subtree may have at its parent. */
  public static final int MAX_KEYS_PER_CHILD = 100_000;

  /** How many children joined without a token (by hand or adopted) live at once. */
  public static final int MAX_BY_HAND = 64;

  /** The longest {@code main} a join may give, in characters (a path's longest, PATH_MAX). */
  static final int MAX_MAIN_LENGTH = 4096;

  /** The longest {@code url} or {@code adoptedFrom} a join may give, in characters. */
  static final int MAX_URL_LENGTH = 2048;

  static final long SECOND = 1_000_000_000L;
  static final long NOT_ANSWERING_NANOS = 3 * SECOND;
  static final long NOT_JOINED_NANOS = 5 * SECOND;
  static final long FAILED_SPAWN_NANOS = 10 * SECOND;
  static final long EXIT_RECORD_NANOS = 300 * SECOND;

  /** Exit records kept at most; beyond, the oldest go first. */
  static final int MAX_EXIT_RECORDS = 256;

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final StatusStore store;
  private final long graceNanos;
  private final long ownPid = ProcessHandle.current().pid();
  private final Map<String, Child> byName = new LinkedHashMap<>();
  private final Map<String, Child> byToken = new HashMap<>();
  private final Map<String, Child> bySession = new HashMap<>();
  private ScheduledExecutorService watcher;
  private boolean saidBound;

  /** A registry writing into {@code store}; a child's keys go {@code grace} after it exits. */
  public ChildRegistry(StatusStore store, Duration grace) {
    this.store = store;
    this.graceNanos = grace.toNanos();
  }

  /**
   * Records a child about to be spawned and returns its one-time token; {@code name} is the
   * spawner's choice or one derived from the command.
   */
  public synchronized String expect(String name) {
    Child child = new Child(ChildNames.unique(name, this::taken), store.now());
    replaceExited(child.name);
    child.token = randomToken();
    byName.put(child.name, child);
    byToken.put(child.token, child);
    put(child, ChildFields.STATE, child.state.value());
    startWatcher();
    return child.token;
  }

  /** Attaches the started process to the child expected with {@code token}. */
  public void started(String token, Process process) {
    Child child;
    synchronized (this) {
      // Tokens stay mapped for the record's life, so a child that joined first is still found.
      child = token == null ? null : byToken.get(token);
      if (child == null) {
        return;
      }
      child.process = process;
      if (child.pid < 0) {
        child.pid = process.pid();
        put(child, ChildFields.PID, Long.toString(child.pid));
      }
    }
    Child watched = child;
    process.onExit().thenRun(() -> exited(watched, process.exitValue()));
  }

  /**
   * Admits a child: by its one-time token, or by hand (no token) under its name or one derived from
   * its main. Everything is checked before anything is recorded.
   */
  public synchronized JoinAnswer join(JoinRequest r) throws TreeException {
    check(r);
    Child child;
    if (r.token != null) {
      child = byToken.get(r.token);
      if (child == null || child.joined || child.exited()) {
        throw new TreeException(
            TreeException.Reason.UNKNOWN_TOKEN, "Unknown or already used token");
      }
    } else {
      if (livingByHand() >= MAX_BY_HAND) {
        if (!saidBound) {
          saidBound = true;
          Log.warn(
              MAX_BY_HAND
                  + " children joined without a token (by hand or adopted) live"
                  + " here; further ones are refused (503) until some leave");
        }
        throw new TreeException(
            TreeException.Reason.TOO_MANY_CHILDREN,
            "Too many children joined without a token: "
                + MAX_BY_HAND
                + " at once; try again later");
      }
      String base = r.name != null ? r.name : ChildNames.fromMain(r.main);
      child = new Child(ChildNames.unique(base, this::taken), store.now());
      replaceExited(child.name);
      byName.put(child.name, child);
      child.byHand = true;
      if (isLoopback(r.url)) {
        // Watched by polling (tick), not ProcessHandle.onExit: that costs a thread per process.
        child.handle = ProcessHandle.of(r.pid).orElse(null);
      }
      startWatcher();
    }
    child.joined = true;
    child.session = randomToken();
    child.lastSeenNanos = store.now();
    bySession.put(child.session, child);
    child.pid = r.pid;
    put(child, ChildFields.PID, Long.toString(r.pid));
    setState(child, ChildState.RUNNING);
    if (r.adoptedFrom != null) {
      put(child, ChildFields.ADOPTED_FROM, r.adoptedFrom);
    }
    return new JoinAnswer(child.name, child.session);
  }

  /** Applies a child's batch; all keys are checked first, so a refused batch changes nothing. */
  public void update(String session, Update update) throws TreeException {
    Child child;
    synchronized (this) {
      child = session == null ? null : bySession.get(session);
      if (child == null || child.exited()) {
        throw new TreeException(
            TreeException.Reason.UNKNOWN_SESSION, "Unknown session; join first");
      }
    }
    // The whole batch is checked, as its paths will be at this parent, before anything changes.
    for (Map.Entry<String, Update.Entry> e : update.set.entrySet()) {
      checkKey(child, e.getKey());
      if (e.getValue().value.length() > StatusStore.MAX_VALUE_LENGTH) {
        throw new TreeException(
            TreeException.Reason.INVALID,
            "Invalid value for key ["
                + Excerpt.of(e.getKey())
                + "]: more than "
                + StatusStore.MAX_VALUE_LENGTH
                + " characters");
      }
    }
    for (String key : update.removed) {
      checkKey(child, key);
    }
    synchronized (this) {
      if (child.exited()) {
        throw new TreeException(
            TreeException.Reason.UNKNOWN_SESSION, "Unknown session; join first");
      }
      checkRoom(child, update);
      if (update.full) {
        for (String key : store.snapshot(child.prefix).keySet()) {
          String own = key.substring(child.prefix.length());
          if (!own.startsWith(ChildFields.RESERVED) && !update.set.containsKey(own)) {
            store.remove(key);
          }
        }
      }
      for (Map.Entry<String, Update.Entry> e : update.set.entrySet()) {
        Update.Entry entry = e.getValue();
        store.put(child.prefix + e.getKey(), entry.value, entry.ageNanos, entry.ttlNanos);
      }
      for (String key : update.removed) {
        store.remove(child.prefix + key);
      }
      child.lastSeenNanos = store.now();
      if (child.state == ChildState.NOT_ANSWERING) {
        setState(child, ChildState.RUNNING);
      }
    }
  }

  /** The names of the children currently recorded, living or recently exited. */
  synchronized List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /** Moves states on with time: not answering, not joined, keys gone after grace. */
  synchronized void tick() {
    long now = store.now();
    List<Child> exited = new ArrayList<>();
    for (Child child : new ArrayList<>(byName.values())) {
      if (!child.exited() && child.handle != null && !child.handle.isAlive()) {
        exited(child, null);
      }
      if (child.exited()) {
        exited.add(child);
        if (!child.keysCleared && now - child.exitedNanos >= graceNanos) {
          clearKeys(child, false);
          child.keysCleared = true;
        }
        // A process that never joined (a tool run by the app) is of no interest once gone.
        long keep = child.joined ? EXIT_RECORD_NANOS : graceNanos;
        if (now - child.exitedNanos >= keep) {
          forget(child);
          exited.remove(child);
        }
      } else if (child.joined) {
        long silent = now - child.lastSeenNanos;
        if (child.byHand && silent > NOT_ANSWERING_NANOS + graceNanos) {
          // Nothing ties it to a process this parent started: silence is all there is to go by.
          // Should it speak again, it finds its session unknown.
          forget(child);
        } else if (child.state == ChildState.RUNNING && silent > NOT_ANSWERING_NANOS) {
          setState(child, ChildState.NOT_ANSWERING);
        }
      } else if (child.process == null) {
        if (now - child.spawnedNanos > FAILED_SPAWN_NANOS) {
          forget(child); // the spawn itself failed: the app got the exception
        }
      } else if (child.state == ChildState.STARTING
          && now - child.spawnedNanos > NOT_JOINED_NANOS) {
        setState(child, ChildState.NOT_JOINED);
      }
    }
    exited.sort((a, b) -> Long.compare(a.exitedNanos, b.exitedNanos));
    for (int i = 0; i < exited.size() - MAX_EXIT_RECORDS; i++) {
      forget(exited.get(i));
    }
  }

  private void exited(Child child, Integer exitCode) {
    synchronized (this) {
      if (child.exited() || byName.get(child.name) != child) {
        return;
      }
      child.exitedNanos = store.now();
      if (child.session != null) {
        bySession.remove(child.session);
      }
      setState(child, ChildState.EXITED);
      if (exitCode != null) {
        put(child, ChildFields.EXIT_CODE, Integer.toString(exitCode));
      }
    }
  }

  private void checkRoom(Child child, Update update) throws TreeException {
    int added = 0;
    for (String key : update.set.keySet()) {
      if (store.get(child.prefix + key).isEmpty()) {
        added++;
      }
    }
    // Counting the subtree costs a scan, so it is done only when the batch brings new keys.
    if (added == 0 && !update.full) {
      return;
    }
    int present = update.full ? 0 : store.snapshot(child.prefix).size();
    if (present + added > MAX_KEYS_PER_CHILD) {
      throw new TreeException(
          TreeException.Reason.TOO_MANY_KEYS,
          "Too many keys: child "
              + child.name
              + " would have "
              + (present + added)
              + ", more than "
              + MAX_KEYS_PER_CHILD);
    }
  }

  /** Checks a join before anything is recorded: a 400 with a short message for what is wrong. */
  private void check(JoinRequest r) throws TreeException {
    if (r.pid <= 0) {
      throw invalidJoin("pid " + r.pid + " is no process id");
    }
    if (r.pid == ownPid) {
      throw invalidJoin("pid " + r.pid + " is this parent's own");
    }
    if (r.name != null && !Keys.isValid(r.name)) {
      throw invalidJoin(
          "name [" + Excerpt.of(r.name) + "] is not a key: use letters, digits, '_' and '.'");
    }
    if (r.main != null && r.main.length() > MAX_MAIN_LENGTH) {
      throw invalidJoin("main is longer than " + MAX_MAIN_LENGTH + " characters");
    }
    checkUrl("url", r.url);
    checkUrl("adoptedFrom", r.adoptedFrom);
  }

  private static void checkUrl(String field, String url) throws TreeException {
    if (url == null) {
      return;
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw invalidJoin(field + " is longer than " + MAX_URL_LENGTH + " characters");
    }
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return;
      }
    } catch (Exception e) {
      // said below
    }
    throw invalidJoin(field + " [" + Excerpt.of(url) + "] is not an http(s) URL");
  }

  private static TreeException invalidJoin(String why) {
    return new TreeException(TreeException.Reason.INVALID, "Invalid join: " + why);
  }

  private static void checkKey(Child child, String key) throws TreeException {
    String problem = ChildKeys.problem(child.name, key);
    if (problem != null) {
      throw new TreeException(
          TreeException.Reason.INVALID, "Invalid key [" + Excerpt.of(key) + "]: " + problem);
    }
  }

  private int livingByHand() {
    int n = 0;
    for (Child child : byName.values()) {
      if (child.byHand && !child.exited()) {
        n++;
      }
    }
    return n;
  }

  private boolean taken(String name) {
    Child existing = byName.get(name);
    return existing != null && !existing.exited();
  }

  private void replaceExited(String name) {
    Child old = byName.get(name);
    if (old != null && old.exited()) {
      forget(old);
    }
  }

  private void forget(Child child) {
    byName.remove(child.name);
    if (child.token != null) {
      byToken.remove(child.token);
    }
    if (child.session != null) {
      bySession.remove(child.session);
    }
    clearKeys(child, true);
  }

  private void clearKeys(Child child, boolean reservedToo) {
    for (String key : store.snapshot(child.prefix).keySet()) {
      if (reservedToo || !key.startsWith(child.prefix + ChildFields.RESERVED)) {
        store.remove(key);
      }
    }
  }

  private void setState(Child child, ChildState state) {
    child.state = state;
    put(child, ChildFields.STATE, state.value());
  }

  private void put(Child child, String field, String value) {
    store.put(child.prefix + field, value, 0, 0);
  }

  private void startWatcher() {
    if (watcher != null) {
      return;
    }
    watcher = Executors.newSingleThreadScheduledExecutor(Daemons.factory("hermes-tree", false));
    watcher.scheduleWithFixedDelay(this::safeTick, 250, 250, TimeUnit.MILLISECONDS);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      Log.error("child watcher failed once and carries on", e);
    }
  }

  /**
   * Whether {@code url} (null when the child has no endpoint) is on this host, by its literal
   * address or {@code localhost}: a name is never looked up, which could stall the join.
   */
  static boolean isLoopback(String url) {
    if (url == null) {
      return true;
    }
    try {
      String host = URI.create(url).getHost();
      if (host == null) {
        return false;
      }
      if (host.equals("localhost")) {
        return true;
      }
      if (host.startsWith("[") || IPV4.matcher(host).matches()) {
        return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  static String randomToken() {
    byte[] bytes = new byte[24];
    Tokens.RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // A holder, so that a JVM that never spawns never pays for SecureRandom (~20 ms at premain).
  private static final class Tokens {
    static final SecureRandom RANDOM = new SecureRandom();
  }
}
