package dev.hermes.agent.tree;

import dev.hermes.agent.config.AgentConfig;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.support.Daemons;
import dev.hermes.agent.support.IsoTime;
import dev.hermes.agent.support.Log;
import dev.hermes.api.Keys;
import dev.hermes.api.StatusStore;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The parent's children: one-time join tokens, sessions, names, and what the parent says of each
 * under its {@link ChildFields} (its {@link ChildState}, pid, exit code, for an orphan that
 * re-joined here the parent it lost, why its last batch was refused, how many keys it withholds). A
 * child's own keys arrive through {@link #update} and are stored under {@code <name>/}; they go
 * {@code grace} after it exits, its exit record five minutes later.
 *
 * <p>What children hold is bounded: {@value #MAX_KEYS_PER_CHILD} keys each and, in bytes, a {@link
 * ChildBudget} shared among them. Children joined without a token (by hand, orphans, and children
 * this parent forgot) go once silent for longer than 3 s and {@code grace}, or when their process,
 * if it is one of this host's, ends; where anyone on the host may join (no secret), they are at
 * most {@value #MAX_BY_HAND} at once.
 *
 * <p>A join is idempotent: the same join sent again (its answer was lost, and the child tried
 * again) before the child has sent a batch gets the same record back, name and session, never a
 * second child beside a ghost. A child is {@code not_answering} after 3 s of silence beyond this
 * parent's own lag ({@link ParentLag}), judged from when its batches were sent, not when they were
 * taken; and a batch older than one taken already ({@link Update#seq}) is refused, not applied over
 * newer values.
 *
 * <p>{@code String token = registry.expect("worker1");} before spawning, then {@code
 * registry.started(token, process)}.
 */
public final class ChildRegistry {
  /** How many keys one child's whole subtree may have at its parent. */
  public static final int MAX_KEYS_PER_CHILD = 100_000;

  /**
   * How many children joined without a token (by hand, adopted, joined again) live at once where
   * the endpoint has no secret, so that anyone on the host may join.
   */
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

  /** How often states move on with time ({@link #tick}). */
  static final long TICK_NANOS = 250_000_000L;

  /** Ticks between asking whether the processes of children joined by hand still live. */
  static final int TICKS_PER_PROCESS_CHECK = 4;

  /** Exit records kept at most; beyond, the oldest go first. */
  static final int MAX_EXIT_RECORDS = 256;

  /** Ticks between samples of the children's processes' CPU and memory: once a second. */
  static final int RESOURCE_SAMPLE_TICKS = 4;

  /**
   * Child processes sampled at most each time; beyond, they are sampled in turn, each less often
   * than once a second (its CPU % then spans a little more than its window).
   */
  static final int MAX_SAMPLED = 250;

  private static final boolean UNIX = java.io.File.separatorChar == '/';

  private final StatusStore store;
  private final long graceNanos;
  private final ChildBudget budget;
  // Read at the first join, not when the agent starts (ProcessHandle's initialisation is not free).
  private volatile long ownPid = -1;
  private final Map<String, Child> byName = new LinkedHashMap<>();
  // Classes, not lambdas or method references: the first of those in a JVM that pulls or spawns
  // spins classes at run time (on JDK 25 through its ClassFile API) for nothing.
  private final Predicate<String> isTaken = new Taken();
  private final Map<String, Child> byToken = new HashMap<>();
  // Read without the registry's lock by update, the push path; written under it.
  private final Map<String, Child> bySession = new ConcurrentHashMap<>();
  // Children joined without a token that have sent nothing yet, by their join (JoinRequest#key).
  private final Map<String, Child> unspoken = new ConcurrentHashMap<>();
  // Children joined and not exited: each child's share of the budget is counted from it.
  private final AtomicInteger living = new AtomicInteger();
  private final ParentLag lag = new ParentLag();
  // The processes held back as possible tool calls; made at the first, so that a JVM that never
  // spawns never loads the class.
  private ToolCalls tools;
  private final WallClock wall;
  private final ProcessStats stats;
  private ProcessStats hostStats; // read by the tick alone
  private volatile boolean sampleResources = true;
  private int sampledFrom; // where the next round of samples starts, when there are too many
  private long lastTickNanos = Long.MIN_VALUE;
  private int maxByHand = MAX_BY_HAND;
  private int ticks;
  private ScheduledExecutorService watcher;
  private final AtomicBoolean saidBudget = new AtomicBoolean();
  private boolean saidBound;

  /**
   * A registry writing into {@code store}; a child's keys go {@code grace} after it exits; children
   * hold what the default budget allows for this JVM's heap.
   */
  public ChildRegistry(StatusStore store, Duration grace) {
    this(store, grace, AgentConfig.defaultChildMemory(Runtime.getRuntime().maxMemory()));
  }

  /** The same with a budget of {@code childMemory} bytes for what all children hold. */
  public ChildRegistry(StatusStore store, Duration grace, long childMemory) {
    this(store, grace, childMemory, WallClock.SYSTEM);
  }

  /**
   * The same, for an endpoint whose joins are {@code authenticated} (a secret is set): children
   * joined without a token are then bounded only as every child is (memory, connections), not to
   * {@value #MAX_BY_HAND}: a root's host supervisors, or simulated children, are many.
   */
  public ChildRegistry(StatusStore store, Duration grace, long childMemory, boolean authenticated) {
    this(store, grace, childMemory, WallClock.SYSTEM);
    this.maxByHand = authenticated ? Integer.MAX_VALUE : MAX_BY_HAND;
  }

  /** The same, reading the wall clock from {@code wall} (a test's). */
  ChildRegistry(StatusStore store, Duration grace, long childMemory, WallClock wall) {
    this(store, grace, childMemory, wall, null);
  }

  /**
   * The same, reading processes' resources with {@code stats} (a test's; null: this host's, read at
   * the first sample).
   */
  ChildRegistry(
      StatusStore store, Duration grace, long childMemory, WallClock wall, ProcessStats stats) {
    this.wall = wall;
    this.stats = stats;
    this.store = store;
    this.graceNanos = grace.toNanos();
    this.budget = new ChildBudget(childMemory);
  }

  /**
   * Whether to sample the children's processes' CPU and memory (on unless {@code
   * childResources=off}); returns this registry.
   */
  public ChildRegistry sampleResources(boolean on) {
    this.sampleResources = on;
    return this;
  }

  /**
   * Records a child about to be spawned and returns its one-time token; {@code name} is the
   * spawner's choice or one derived from the command.
   */
  public synchronized String expect(String name) {
    return expect(name, false);
  }

  /**
   * The same, for a process that {@code mayBeATool}: one not given the agent directly, which shows
   * only once it is known not to be a tool call ({@link ToolCalls}).
   */
  public synchronized String expect(String name, boolean mayBeATool) {
    String token = randomToken();
    if (mayBeATool) {
      if (tools == null) {
        tools = new ToolCalls();
      }
      tools.hold(name, token, store.now());
      startWatcher();
      return token;
    }
    return show(name, token, store.now()).token;
  }

  /** Records a child spawned at {@code spawnedNanos}; the registry's lock is held. */
  private Child show(String name, String token, long spawnedNanos) {
    noticeExit(name);
    Child child = new Child(ChildNames.unique(name, isTaken), spawnedNanos);
    Child old = replaceExited(child.name);
    child.token = token;
    byName.put(child.name, child);
    byToken.put(child.token, child);
    begin(child, old);
    setState(child, ChildState.STARTING);
    startWatcher();
    return child;
  }

  /** Shows a process held back as a possible tool call; the registry's lock is held. */
  private Child show(ToolCalls.Held held) {
    Child child = show(held.name, held.token, held.spawnedNanos);
    if (held.process != null) {
      child.process = held.process;
      child.pid = held.process.pid();
      put(child, ChildFields.PID, Long.toString(child.pid));
    }
    return child;
  }

  /** A process held back exited: a tool call, counted and never shown, or a child that exited. */
  private synchronized void heldExited(ToolCalls.Held held, int exitCode) {
    if (tools != null && tools.take(held.token) != null) {
      if (ToolCalls.isTool(held, exitCode, store.now())) {
        store.put(ToolCalls.RUNS_KEY, Long.toString(tools.ranAsTool()), 0, 0);
        return;
      }
      show(held);
    }
    Child child = byToken.get(held.token);
    if (child != null) {
      exited(child, exitCode);
    }
  }

  /** Attaches the started process to the child expected with {@code token}. */
  public void started(String token, Process process) {
    Child child;
    synchronized (this) {
      ToolCalls.Held held = tools == null ? null : tools.get(token);
      if (held != null) {
        held.process = process;
        process.onExit().thenRun(() -> heldExited(held, process.exitValue()));
        return;
      }
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
  public JoinAnswer join(JoinRequest r) throws TreeException {
    return join(r, true);
  }

  /**
   * The same, for a join whose request came {@code fromThisHost} or not (by its connection's
   * address): a child on another host is never taken for a process of this one, whatever URL it
   * gives (a supervisor bound to its own loopback gives {@code http://127.0.0.1:...}), so its pid
   * is not watched here and its clock is not taken for this host's.
   */
  public synchronized JoinAnswer join(JoinRequest r, boolean fromThisHost) throws TreeException {
    check(r);
    ToolCalls.Held held = tools == null ? null : tools.take(r.token);
    if (held != null) {
      show(held); // it joined: no tool call
    }
    boolean local = fromThisHost && isLoopback(r.url);
    Child again = r.token != null ? byToken.get(r.token) : unspoken.get(r.key());
    if (again != null && (r.token != null || again.byHand)) {
      synchronized (again) {
        if (repeats(again, r)) {
          // Its first answer was lost on the way: the same record, and batches counted afresh.
          again.lastSeq = -1;
          heard(again);
          return new JoinAnswer(again.name, again.session);
        }
      }
    }
    Child child;
    if (r.token != null) {
      child = byToken.get(r.token);
      if (child == null || child.joined || child.exited()) {
        throw new TreeException(
            TreeException.Reason.UNKNOWN_TOKEN, "Unknown or already used token");
      }
      if (r.name != null && !r.name.equals(child.name)) {
        rename(child, r.name);
      }
    } else {
      if (maxByHand != Integer.MAX_VALUE && livingByHand() >= maxByHand) {
        if (!saidBound) {
          saidBound = true;
          Log.warn(
              MAX_BY_HAND
                  + " children joined without a token (by hand, adopted or joined again) live"
                  + " here; further ones are refused (503) until some leave");
        }
        throw new TreeException(
            TreeException.Reason.TOO_MANY_CHILDREN,
            "Too many children joined without a token: "
                + MAX_BY_HAND
                + " at once; try again later");
      }
      String base = r.name != null ? r.name : ChildNames.fromMain(r.main);
      noticeExit(base);
      child = new Child(ChildNames.unique(base, isTaken), store.now());
      Child old = replaceExited(child.name);
      byName.put(child.name, child);
      begin(child, old);
      child.byHand = true;
      if (local) {
        // Watched by polling (tick), not ProcessHandle.onExit: that costs a thread per process.
        child.handle = ProcessHandle.of(r.pid).orElse(null);
      }
      startWatcher();
    }
    child.joined = true;
    living.incrementAndGet();
    child.joinRequest = r;
    child.spoken = false;
    if (child.byHand) {
      unspoken.put(r.key(), child);
    }
    child.local = local;
    child.lastSeq = -1;
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

  /**
   * Gives a spawned child that joins with a name of its own ({@code name=} in its own agent
   * argument, or a {@code HERMES_NAME} of its own launch line) that name, made unique among its
   * siblings as a spawner's would be: the child's own choice wins over the one derived for it. The
   * registry's lock is held; the child has not joined, so it holds no keys of its own yet.
   */
  private void rename(Child child, String wanted) {
    noticeExit(wanted);
    byName.remove(child.name);
    synchronized (child) {
      clearKeysLocked(child, true);
    }
    String name = ChildNames.unique(wanted, isTaken);
    Child old = replaceExited(name);
    synchronized (child) {
      child.name = name;
      child.prefix = name + "/";
    }
    byName.put(name, child);
    child.history = new ChildHistory();
    begin(child, old);
  }

  /**
   * Records a child this parent pulls ({@code children=}): named {@code name} (made unique among
   * the children), {@code starting} until its first answer. Its answers are applied as full pushes
   * with {@link #update} under the returned session, its failures shown with {@link #pullFailed};
   * it obeys the budget and grace of every child, and is forgotten only by {@link #unpull}.
   */
  public synchronized JoinAnswer pull(String name) {
    noticeExit(name);
    Child child = new Child(ChildNames.unique(name, isTaken), store.now());
    replaceExited(child.name);
    child.pulled = true;
    child.joined = true;
    child.spoken = true;
    living.incrementAndGet();
    child.session = randomToken();
    child.lastSeenNanos = store.now();
    byName.put(child.name, child);
    bySession.put(child.session, child);
    setState(child, ChildState.STARTING);
    startWatcher();
    return new JoinAnswer(child.name, child.session);
  }

  /**
   * Shows that pulling the child of {@code session} failed, and why in a few words ({@link
   * ChildFields#ERROR}, before its state): it is {@code not_answering}, its keys kept for {@code
   * grace} from its first failure.
   */
  public void pullFailed(String session, String why) {
    Child child = bySession.get(session);
    if (child == null) {
      return;
    }
    synchronized (child) {
      if (child.forgotten || !child.pulled) {
        return;
      }
      if (!why.equals(child.error)) {
        child.error = why;
        put(child, ChildFields.ERROR, why);
      }
      if (child.state != ChildState.NOT_ANSWERING) {
        child.failingSinceNanos = store.now();
        setState(child, ChildState.NOT_ANSWERING);
      }
    }
  }

  /**
   * Applies a pulled child's answer, {@code keys} as a full push (what it no longer lists is gone),
   * and shows how many of its keys were {@code renamed} to meet the key rule and how many {@code
   * skipped} ({@link ChildFields#RENAMED}, {@link ChildFields#SKIPPED}; absent when none). A
   * refusal (over the budget) is shown in its error, as for a pushed child's batch, and thrown.
   */
  public void pulled(String session, Map<String, Update.Entry> keys, int renamed, int skipped)
      throws TreeException {
    update(session, new Update(true, keys, List.of()));
    Child child = bySession.get(session);
    if (child == null) {
      return;
    }
    synchronized (child) {
      if (!child.forgotten) {
        count(child, ChildFields.RENAMED, renamed);
        count(child, ChildFields.SKIPPED, skipped);
      }
    }
  }

  private void count(Child child, String field, int n) {
    if (n > 0) {
      put(child, field, Integer.toString(n));
    } else {
      store.remove(child.prefix + field);
    }
  }

  /** Forgets the pulled child of {@code session}, with its keys (it left the configuration). */
  public synchronized void unpull(String session) {
    Child child = bySession.get(session);
    if (child != null && child.pulled) {
      forget(child);
    }
  }

  /**
   * Why a child named {@code name} could not have {@code key} stored here (not of the key rule, the
   * parent's own, too long with the name in front), or null: for what a pulled child's answer
   * holds, checked before a batch is made of it.
   */
  public static String keyProblem(String name, String key) {
    return ChildKeys.problem(name, key);
  }

  /**
   * Whether {@code r} is the join that made {@code child}, sent again before the child has sent a
   * batch: its answer was lost and the child asks again. A join by token matches the child that
   * token was given to; a join without one the child joined without a token by the same request
   * (pid, name, main, URL, adopted from). Once a batch has come under the record's session, a join
   * is a new child. The child's lock is held.
   */
  private static boolean repeats(Child child, JoinRequest r) {
    return child.joined && !child.exited() && !child.spoken && r.sameAs(child.joinRequest);
  }

  /**
   * Applies a child's batch. The whole batch is checked first, its keys as they will be stored here
   * and what it would make the child hold, so a refused batch changes nothing; the refusal is shown
   * in the child's {@link ChildFields#ERROR} until a batch is taken.
   */
  public void update(String session, Update update) throws TreeException {
    // The push path takes no lock of the registry's, only the child's own: children's batches
    // are applied side by side, and a tick or a join waits for none of them but one child's.
    Child child = session == null ? null : bySession.get(session);
    if (child == null) {
      throw new TreeException(TreeException.Reason.UNKNOWN_SESSION, "Unknown session; join first");
    }
    try {
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
    } catch (TreeException e) {
      synchronized (child) {
        refused(child, e);
      }
      throw e;
    }
    synchronized (child) {
      if (child.exited() || child.forgotten) {
        throw new TreeException(
            TreeException.Reason.UNKNOWN_SESSION, "Unknown session; join first");
      }
      if (update.seq >= 0 && update.seq <= child.lastSeq) {
        // Sent before a batch already taken, and delivered after it: applying it would put older
        // values over newer ones. The child gave up waiting for it long ago.
        throw new TreeException(
            TreeException.Reason.STALE,
            "Stale batch: number "
                + update.seq
                + ", sent before number "
                + child.lastSeq
                + " which was taken; dropped");
      }
      try {
        apply(child, update);
      } catch (TreeException e) {
        refused(child, e);
        throw e;
      }
      if (update.seq >= 0) {
        child.lastSeq = update.seq;
      }
      late(child, update.sentMillis);
      if (!child.spoken) {
        child.spoken = true;
        unspoken.remove(child.joinRequest.key(), child);
      }
      heard(child);
      if (child.pulled) {
        child.keysCleared = false;
      }
      if (child.error != null) {
        child.error = null;
        store.remove(child.prefix + ChildFields.ERROR);
      }
      if (update.withheld > 0) {
        put(child, ChildFields.WITHHELD, Integer.toString(update.withheld));
      } else if (update.withheld == 0) {
        store.remove(child.prefix + ChildFields.WITHHELD);
      }
    }
  }

  /** The names of the children currently recorded, living or recently exited. */
  public synchronized List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /** What all children hold now, by {@link ChildBudget#cost} (for tests). */
  long held() {
    return budget.held();
  }

  /**
   * Moves states on with time (not answering, not joined, keys gone after grace) under the
   * registry's lock; then, once a second, samples the children's processes without it.
   */
  void tick() {
    List<Child> due = advance();
    if (!due.isEmpty()) {
      sample(due);
    }
  }

  /** Moves states on with time; returns the children whose processes are due a sample. */
  private synchronized List<Child> advance() {
    long now = store.now();
    if (lastTickNanos != Long.MIN_VALUE) {
      // A tick that came late (a GC pause, a starved CPU) is lateness of this parent's own.
      lag.sample(now - lastTickNanos - TICK_NANOS, now);
    }
    lastTickNanos = now;
    if (tools != null) {
      for (ToolCalls.Held held : tools.due(now)) {
        if (held.process != null) { // without one, its start failed and the app got the exception
          show(held);
        }
      }
    }
    long allowance = lag.current(now);
    // A process's liveness costs a system call: asked once a second, not at every tick.
    boolean askProcesses = ticks % TICKS_PER_PROCESS_CHECK == 0;
    boolean sample = sampleResources && ticks % RESOURCE_SAMPLE_TICKS == 0;
    ticks++;
    List<Child> exited = new ArrayList<>();
    List<Child> due = new ArrayList<>();
    for (Child child : new ArrayList<>(byName.values())) {
      synchronized (child) {
        tick(child, now, allowance, askProcesses, exited);
        if (sample && sampled(child)) {
          due.add(child);
        }
      }
    }
    if (exited.size() > MAX_EXIT_RECORDS) {
      exited.sort(ByExit.ORDER);
    }
    for (int i = 0; i < exited.size() - MAX_EXIT_RECORDS; i++) {
      forget(exited.get(i));
    }
    if (due.size() <= MAX_SAMPLED) {
      return due;
    }
    // Too many to read each second: a window of them, moved on each time, so all are read in turn.
    int from = sampledFrom % due.size();
    sampledFrom = from + MAX_SAMPLED;
    List<Child> some = new ArrayList<>(MAX_SAMPLED);
    for (int i = 0; i < MAX_SAMPLED; i++) {
      some.add(due.get((from + i) % due.size()));
    }
    return some;
  }

  /**
   * Whether the parent samples the child's process: one living on this host, that it started
   * (unless the child joined from another host's address) or that joined by hand with a pid of this
   * host's. The child's lock is held.
   */
  private static boolean sampled(Child child) {
    if (child.exited() || child.forgotten || child.pid <= 0) {
      return false;
    }
    return child.process != null ? !child.joined || child.local : child.handle != null;
  }

  /**
   * Reads each child's process (no lock held: a file read each) and stores its figures under its
   * own lock, unless it exited meanwhile.
   */
  private void sample(List<Child> due) {
    ProcessStats reader = processStats();
    int processors = Runtime.getRuntime().availableProcessors();
    for (Child child : due) {
      long pid;
      synchronized (child) {
        pid = child.pid;
      }
      ProcessStats.Reading reading = reader.read(pid);
      long now = store.now();
      synchronized (child) {
        if (reading != null && pid == child.pid && !child.exited() && !child.forgotten) {
          sampled(child, reading, now, processors);
        }
      }
    }
  }

  private ProcessStats processStats() {
    ProcessStats reader = hostStats;
    if (reader == null) {
      reader = stats != null ? stats : ProcessStats.forThisHost();
      hostStats = reader;
    }
    return reader;
  }

  /** Stores what a sample says of the child's process; the child's lock is held. */
  private void sampled(Child child, ProcessStats.Reading reading, long now, int processors) {
    ChildResources r = child.resources;
    if (r == null || r.pid != child.pid || (r.started >= 0 && r.started != reading.started)) {
      if (r != null && r.pid == child.pid) {
        return; // the pid is another process's now: the child's has gone
      }
      r = new ChildResources(child.pid);
      r.started = reading.started;
      child.resources = r;
    }
    if (reading.cpuNanos >= 0) {
      r.add(now, reading.cpuNanos);
      r.cpuSeconds =
          write(
              child,
              ChildFields.CPU_SECONDS,
              r.cpuSeconds,
              ChildResources.seconds(reading.cpuNanos));
      double percent = r.percent(processors);
      if (!Double.isNaN(percent)) {
        r.cpuPercent =
            write(
                child, ChildFields.CPU_PERCENT, r.cpuPercent, ChildResources.percentText(percent));
      }
    }
    if (reading.rssBytes >= 0) {
      r.rss = write(child, ChildFields.MEMORY_RSS, r.rss, Long.toString(reading.rssBytes));
    }
  }

  /** Writes {@code value} to the child's {@code field} unless it is {@code last}; returns it. */
  private String write(Child child, String field, String last, String value) {
    if (!value.equals(last)) {
      put(child, field, value);
    }
    return value;
  }

  /** Moves one child's state on; both locks are held. */
  private void tick(
      Child child, long now, long allowance, boolean askProcesses, List<Child> exited) {
    if (askProcesses && !child.exited() && child.handle != null && !child.handle.isAlive()) {
      exited(child, null);
    }
    if (child.crashLoopShown && askProcesses && !child.history.crashLoop(now)) {
      child.crashLoopShown = false;
      store.remove(child.prefix + ChildFields.CRASH_LOOP);
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
    } else if (child.pulled) {
      // Its puller says how it answers; what stays of a child that stopped answering is its
      // record, the error and, for grace, its keys.
      if (child.state == ChildState.NOT_ANSWERING
          && !child.keysCleared
          && now - child.failingSinceNanos >= graceNanos) {
        clearKeysLocked(child, false);
        child.keysCleared = true;
      }
    } else if (child.joined) {
      long silent = now - child.lastSeenNanos;
      if (child.byHand && silent > NOT_ANSWERING_NANOS + graceNanos + allowance) {
        // Nothing ties it to a process this parent started: silence is all there is to go by.
        // Should it speak again, it finds its session unknown and joins again.
        forget(child);
      } else if (child.state == ChildState.RUNNING && silent > NOT_ANSWERING_NANOS + allowance) {
        if (child.error == null) {
          // Why, in band as for a pulled child; gone when it speaks again.
          child.silenceError = true;
          child.error = "no push for " + (silent / SECOND) + " s";
          put(child, ChildFields.ERROR, child.error);
        }
        setState(child, ChildState.NOT_ANSWERING);
      }
    } else if (child.process == null) {
      if (now - child.spawnedNanos > FAILED_SPAWN_NANOS) {
        forget(child); // the spawn itself failed: the app got the exception
      }
    } else if (child.state == ChildState.STARTING && now - child.spawnedNanos > NOT_JOINED_NANOS) {
      setState(child, ChildState.NOT_JOINED);
    }
  }

  /**
   * Applies a checked batch if what the child would hold after it fits; {@code child} is joined and
   * living, and the lock is held.
   */
  private void apply(Child child, Update update) throws TreeException {
    if (update.full && update.part > 0 && update.part != child.nextPart) {
      throw new TreeException(
          TreeException.Reason.INVALID,
          "Full push out of order: part "
              + update.part
              + (child.nextPart < 0 ? " with none under way" : ", expected " + child.nextPart)
              + "; send everything again from part 0");
    }
    boolean starts = update.full && update.part == 0;
    int generation = starts ? child.generation + 1 : child.generation;
    Set<String> removed = new HashSet<>(update.removed);

    // What the child holds after this batch, with the keys an unfinished full push has not named
    // (all of them), and without (only what the push named, and what was set since).
    int count = child.held.size();
    long bytes = child.heldBytes;
    int namedCount = starts ? 0 : child.namedCount;
    long namedBytes = starts ? 0 : child.namedBytes;
    List<String> paths = new ArrayList<>(update.set.size());
    int[] costs = new int[update.set.size()];
    int i = 0;
    for (Map.Entry<String, Update.Entry> e : update.set.entrySet()) {
      String path = child.prefix + e.getKey();
      paths.add(path);
      Update.Entry entry = e.getValue();
      int cost = ChildBudget.cost(path, entry.value);
      costs[i++] = cost;
      if (removed.contains(e.getKey()) || entry.expired()) {
        continue; // it ends removed; what it held is counted off below
      }
      Child.Held old = child.held.get(path);
      if (old == null) {
        count++;
        bytes += cost;
        namedCount++;
        namedBytes += cost;
      } else {
        bytes += cost - old.bytes;
        if (old.generation == generation) {
          namedBytes += cost - old.bytes;
        } else {
          namedCount++;
          namedBytes += cost;
        }
      }
    }
    Set<String> gone = endingRemoved(update, removed);
    for (String key : gone) {
      Child.Held old = child.held.get(child.prefix + key);
      if (old != null) {
        count--;
        bytes -= old.bytes;
        if (old.generation == generation) {
          namedCount--;
          namedBytes -= old.bytes;
        }
      }
    }
    // The last part of a full push drops what it did not name; an earlier part does so early if
    // only that makes room (what it drops comes back with a later part that names it).
    boolean sweep = update.full && update.last;
    TreeException over =
        sweep ? overLimits(child, namedCount, namedBytes) : overLimits(child, count, bytes);
    if (over != null && update.full && !sweep) {
      over = overLimits(child, namedCount, namedBytes);
      sweep = over == null;
    }
    if (over != null) {
      throw over;
    }
    // What it grows by is taken from the budget at once, or not at all: children growing side by
    // side cannot pass it together. What it really comes to is settled below.
    long after = sweep ? namedBytes : bytes;
    long reserved = Math.max(0, after - child.heldBytes);
    if (reserved > 0 && !budget.tryGrow(reserved)) {
      throw overBudget(child, after, budget.share(living.get()), budget.held() + reserved);
    }
    long before = child.heldBytes;
    try {
      store(child, update, generation, starts, sweep, removed, gone, paths, costs);
    } finally {
      budget.add(child.heldBytes - before - reserved);
    }
  }

  /** Stores a batch {@link #apply} has admitted; the child's lock is held. */
  private void store(
      Child child,
      Update update,
      int generation,
      boolean starts,
      boolean sweep,
      Set<String> removed,
      Set<String> gone,
      List<String> paths,
      int[] costs) {
    if (starts) {
      child.generation = generation;
      child.namedCount = 0;
      child.namedBytes = 0;
    }
    if (update.full) {
      child.nextPart = update.last ? -1 : update.part + 1;
    }
    // A grandchild's state goes last, after what its parent said with it: so an exit's code and
    // reason come before its state=exited (and its "left") here too, whatever the batch's order.
    for (int pass = 0; pass < 2; pass++) {
      int i = 0;
      for (Map.Entry<String, Update.Entry> e : update.set.entrySet()) {
        String path = paths.get(i);
        int cost = costs[i++];
        Update.Entry entry = e.getValue();
        if (removed.contains(e.getKey())
            || entry.expired()
            || isStateKey(e.getKey()) != (pass == 1)) {
          continue;
        }
        store.put(path, entry.value, entry.ageNanos, entry.ttlNanos);
        hold(child, path, cost);
      }
    }
    for (String key : gone) {
      String path = child.prefix + key;
      store.remove(path);
      release(child, path);
    }
    if (sweep) {
      for (Iterator<Map.Entry<String, Child.Held>> it = child.held.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, Child.Held> e = it.next();
        if (e.getValue().generation != child.generation) {
          store.remove(e.getKey());
          child.heldBytes -= e.getValue().bytes;
          it.remove();
        }
      }
    }
  }

  /** Whether a child's key is one of its own children's states, {@code x/hermes.child.state}. */
  private static boolean isStateKey(String key) {
    return key.endsWith(ChildFields.STATE)
        && key.length() > ChildFields.STATE.length()
        && key.charAt(key.length() - ChildFields.STATE.length() - 1) == '/';
  }

  /** The keys a batch leaves removed: those it removes, and those it sets already expired. */
  private static Set<String> endingRemoved(Update update, Set<String> removed) {
    Set<String> gone = new HashSet<>(removed);
    for (Map.Entry<String, Update.Entry> e : update.set.entrySet()) {
      if (e.getValue().expired()) {
        gone.add(e.getKey());
      }
    }
    return gone;
  }

  /**
   * Why {@code child} may not hold {@code count} keys of {@code bytes}, or null. Holding more bytes
   * than now is refused past its share or past the budget; holding as much or less never is.
   */
  private TreeException overLimits(Child child, int count, long bytes) {
    if (count > MAX_KEYS_PER_CHILD && count > child.held.size()) {
      return new TreeException(
          TreeException.Reason.TOO_MANY_KEYS,
          "Too many keys: child "
              + child.name
              + " would have "
              + count
              + ", more than "
              + MAX_KEYS_PER_CHILD);
    }
    if (bytes <= child.heldBytes) {
      return null;
    }
    long share = budget.share(living.get());
    long all = budget.held() - child.heldBytes + bytes;
    if (bytes <= share && all <= budget.total) {
      return null;
    }
    return overBudget(child, bytes, share, all);
  }

  /** The refusal of a batch that would make {@code child} hold {@code bytes}, all {@code all}. */
  private TreeException overBudget(Child child, long bytes, long share, long all) {
    if (saidBudget.compareAndSet(false, true)) {
      Log.warn(
          "children's keys reached the memory budget for them ("
              + Contract.CHILD_MEMORY
              + "="
              + ChildBudget.format(budget.total)
              + "); batches that would grow a child past its share are refused (413) and the"
              + " child shows why in "
              + ChildFields.ERROR);
    }
    String why =
        bytes > share
            ? "child "
                + child.name
                + " would hold "
                + ChildBudget.format(bytes)
                + ", more than its"
                + " share of "
                + ChildBudget.format(share)
            : "all children would hold " + ChildBudget.format(all);
    return new TreeException(
        TreeException.Reason.OVER_BUDGET,
        "Over the memory budget for children ("
            + Contract.CHILD_MEMORY
            + "="
            + ChildBudget.format(budget.total)
            + "): "
            + why
            + "; remove keys, or raise "
            + Contract.CHILD_MEMORY
            + " at the parent");
  }

  private void hold(Child child, String path, int cost) {
    Child.Held old = child.held.get(path);
    if (old == null) {
      child.held.put(path, new Child.Held(cost, child.generation));
      child.namedCount++;
      child.namedBytes += cost;
      child.heldBytes += cost;
      return;
    }
    if (old.generation == child.generation) {
      child.namedBytes += cost - old.bytes;
    } else {
      child.namedCount++;
      child.namedBytes += cost;
      old.generation = child.generation;
    }
    child.heldBytes += cost - old.bytes;
    old.bytes = cost;
  }

  private void release(Child child, String path) {
    Child.Held old = child.held.remove(path);
    if (old != null) {
      if (old.generation == child.generation) {
        child.namedCount--;
        child.namedBytes -= old.bytes;
      }
      child.heldBytes -= old.bytes;
    }
  }

  /** Shows why the child's batch was refused; the child's lock is held. */
  private void refused(Child child, TreeException e) {
    if (child.forgotten || child.exited()) {
      return;
    }
    heard(child);
    if (!e.getMessage().equals(child.error)) {
      child.error = e.getMessage();
      put(child, ChildFields.ERROR, child.error);
    }
  }

  /**
   * Counts how late a batch the child sent at {@code sentMillis} (its wall clock; -1 when it did
   * not say) is taken, against what is normal for it; the lock is held.
   */
  private void late(Child child, long sentMillis) {
    if (sentMillis < 0) {
      return;
    }
    long now = store.now();
    long delay = wall.millis() - sentMillis;
    long floor = 0;
    if (!child.local) {
      // Another host's clock: what is normal is the least delay seen lately (the clocks' offset
      // and the network's least time), renewed each minute so that drifting clocks are followed.
      if (now - child.delayFloorSinceNanos > 60 * SECOND) {
        child.delayFloorMillis = child.nextDelayFloorMillis;
        child.nextDelayFloorMillis = Long.MAX_VALUE;
        child.delayFloorSinceNanos = now;
      }
      child.nextDelayFloorMillis = Math.min(child.nextDelayFloorMillis, delay);
      child.delayFloorMillis = Math.min(child.delayFloorMillis, delay);
      floor = child.delayFloorMillis;
    }
    long lateMillis = delay - floor;
    if (lateMillis > 0) {
      lag.sample(TimeUnit.MILLISECONDS.toNanos(lateMillis), now);
    }
  }

  /** The child spoke: it is answering, whatever it said. */
  private void heard(Child child) {
    child.lastSeenNanos = store.now();
    if (child.silenceError) {
      child.silenceError = false;
      child.error = null;
      store.remove(child.prefix + ChildFields.ERROR);
    }
    if (child.state == ChildState.NOT_ANSWERING
        || (child.pulled && child.state == ChildState.STARTING)) {
      setState(child, ChildState.RUNNING);
    }
  }

  private void exited(Child child, Integer exitCode) {
    synchronized (this) {
      synchronized (child) {
        exitedLocked(child, exitCode);
      }
    }
  }

  /** Records the child's exit; both locks are held. */
  private void exitedLocked(Child child, Integer exitCode) {
    if (child.exited() || child.forgotten) {
      return;
    }
    if (child.joined) {
      living.decrementAndGet();
    }
    child.exitedNanos = store.now();
    if (child.session != null) {
      bySession.remove(child.session);
    }
    // How it ended before that it ended: a consumer of /events that acts on the state, or on the
    // child's leaving, finds the code and the reason there already.
    child.exitCode = exitCode == null ? null : Integer.toString(exitCode);
    child.exitReason = exitCode == null ? "unknown" : ChildHistory.reason(exitCode, UNIX);
    if (child.exitCode != null) {
      put(child, ChildFields.EXIT_CODE, child.exitCode);
    }
    put(child, ChildFields.EXIT_REASON, child.exitReason);
    // A process that has ended has no CPU use nor memory; its CPU time so far stays.
    store.remove(child.prefix + ChildFields.CPU_PERCENT);
    store.remove(child.prefix + ChildFields.MEMORY_RSS);
    setState(child, ChildState.EXITED);
  }

  /**
   * Records now the exit of the child named {@code name} if its process has ended and its exit is
   * not recorded yet: that is done on another thread, which may come after the spawner's own {@code
   * waitFor} returned and it started the child again. So the new child takes the name and the
   * history. The registry's lock is held.
   */
  private void noticeExit(String name) {
    Child holder = byName.get(name);
    if (holder == null) {
      return;
    }
    synchronized (holder) {
      if (holder.exited() || holder.forgotten) {
        return;
      }
      if (holder.process != null && !holder.process.isAlive()) {
        exitedLocked(holder, holder.process.exitValue());
      } else if (holder.process == null && holder.handle != null && !holder.handle.isAlive()) {
        exitedLocked(holder, null);
      }
    }
  }

  /**
   * Writes a new child's history: none, or that of the exited child of its name it replaces, one
   * restart more; before its state, so that a consumer reacting to the state finds it there. The
   * registry's lock is held, and the new child is not yet seen by any other thread.
   */
  private void begin(Child child, Child old) {
    if (old != null) {
      synchronized (old) {
        child.history =
            ChildHistory.after(
                old.history,
                old.exitCode,
                old.exitReason,
                IsoTime.format(old.sinceMillis),
                store.now());
      }
      ChildHistory h = child.history;
      if (h.lastExitCode != null) {
        put(child, ChildFields.LAST_EXIT_CODE, h.lastExitCode);
      }
      put(child, ChildFields.LAST_EXIT_REASON, h.lastExitReason);
      put(child, ChildFields.LAST_EXIT_TIME, h.lastExitTime);
      if (h.crashLoop(store.now())) {
        child.crashLoopShown = true;
        put(child, ChildFields.CRASH_LOOP, "true");
      }
    }
    put(child, ChildFields.RESTARTS, Integer.toString(child.history.restarts));
  }

  /** Checks a join before anything is recorded: a 400 with a short message for what is wrong. */
  private void check(JoinRequest r) throws TreeException {
    if (r.pid <= 0) {
      throw invalidJoin("pid " + r.pid + " is no process id");
    }
    if (ownPid < 0) {
      ownPid = ProcessHandle.current().pid();
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

  /** Forgets the exited child named {@code name}, to give the name to a new one; returns it. */
  private Child replaceExited(String name) {
    Child old = byName.get(name);
    if (old != null && old.exited()) {
      forget(old);
      return old;
    }
    return null;
  }

  /** Forgets a child; the registry's lock is held. */
  private void forget(Child child) {
    synchronized (child) {
      if (child.joined && !child.exited() && !child.forgotten) {
        living.decrementAndGet();
      }
      child.forgotten = true;
    }
    byName.remove(child.name);
    if (child.joinRequest != null) {
      unspoken.remove(child.joinRequest.key(), child);
    }
    if (child.token != null) {
      byToken.remove(child.token);
    }
    if (child.session != null) {
      bySession.remove(child.session);
    }
    clearKeys(child, true);
  }

  private void clearKeys(Child child, boolean reservedToo) {
    synchronized (child) {
      clearKeysLocked(child, reservedToo);
    }
  }

  private void clearKeysLocked(Child child, boolean reservedToo) {
    for (String key : store.snapshot(child.prefix).keySet()) {
      if (reservedToo || !key.startsWith(child.prefix + ChildFields.RESERVED)) {
        store.remove(key);
      }
    }
    budget.add(-child.heldBytes);
    child.held.clear();
    child.heldBytes = 0;
    child.namedCount = 0;
    child.namedBytes = 0;
  }

  /** Moves the child to {@code state}, a change, from now: its since first, then its state. */
  private void setState(Child child, ChildState state) {
    child.state = state;
    child.sinceMillis = wall.millis();
    put(child, ChildFields.SINCE, IsoTime.format(child.sinceMillis));
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
    watcher.scheduleWithFixedDelay(new Tick(), TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
  }

  private final class Taken implements Predicate<String> {
    @Override
    public boolean test(String name) {
      return taken(name);
    }
  }

  /** The exited children, the earliest first. */
  private static final class ByExit implements java.util.Comparator<Child> {
    static final ByExit ORDER = new ByExit();

    @Override
    public int compare(Child a, Child b) {
      return Long.compare(a.exitedNanos, b.exitedNanos);
    }
  }

  private final class Tick implements Runnable {
    @Override
    public void run() {
      safeTick();
    }
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
      if (host.startsWith("[") || isIpv4Literal(host)) {
        return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  static String randomToken() {
    byte[] bytes = new byte[24];
    if (!Tokens.fromKernel(bytes)) {
      Tokens.Fallback.RANDOM.nextBytes(bytes);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The wall clock, in epoch milliseconds: the system's, or a test's. */
  interface WallClock {
    WallClock SYSTEM = new SystemWallClock();

    long millis();
  }

  // A class, not a lambda: made at premain, where a first lambda costs milliseconds.
  private static final class SystemWallClock implements WallClock {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }
  }

  /**
   * Random bytes for tokens from the kernel's generator, {@code /dev/urandom}, which the JDK's
   * default {@link SecureRandom} reads on Linux and macOS too, without the JDK's security providers
   * (some 80 classes and ~3 MiB of a JVM's memory); {@link SecureRandom} where it cannot be read
   * (Windows, a security manager that forbids it).
   */
  static final class Tokens {
    private static final String KERNEL = "/dev/urandom";

    private Tokens() {}

    /** Fills {@code bytes} from the kernel; false when it cannot. */
    static boolean fromKernel(byte[] bytes) {
      try (FileInputStream in = new FileInputStream(KERNEL)) {
        return in.readNBytes(bytes, 0, bytes.length) == bytes.length;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    // A holder, so that a JVM that never needs it never pays for SecureRandom (~20 ms at premain).
    static final class Fallback {
      static final SecureRandom RANDOM = new SecureRandom();

      private Fallback() {}
    }
  }

  /**
   * Four groups of one to three digits, dot-separated: an IPv4 literal, which needs no lookup (not
   * a regular expression: compiling one at class initialisation spins classes in every JVM).
   */
  static boolean isIpv4Literal(String host) {
    int groups = 0;
    int digits = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return false;
        }
      } else if (c == '.' && digits > 0 && groups < 3) {
        groups++;
        digits = 0;
      } else {
        return false;
      }
    }
    return groups == 3 && digits > 0;
  }
}
