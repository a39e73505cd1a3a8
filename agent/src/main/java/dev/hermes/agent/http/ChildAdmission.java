package dev.hermes.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.config.Contract;
import dev.hermes.agent.server.ServerProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps room for dashboards and scrapers when children alone would fill the server's connections.
 * Each child keeps one connection open and pushes on it; the server closes any connection past its
 * limit as soon as it accepts it, before it can say why. Without this, a root with more children
 * than connections was full of children for good, and no {@code GET /} got in.
 *
 * <p>So children (requests to the tree's paths) may hold at most {@link #maxChildren} connections,
 * told apart by their remote address (unique among open connections). A child's request on a
 * connection not yet among them, once they are all taken, is answered {@code 503} with {@code
 * Retry-After} and {@code Connection: close}, which frees the connection at once; every other
 * request passes. A connection unseen for {@link #FORGET_NANOS} is forgotten: the server closes
 * connections idle for 30 s, and a child pushes every second.
 *
 * <p>{@code root.getFilters().add(new ChildAdmission(ChildAdmission.maxChildren(max)));}
 */
final class ChildAdmission extends Filter {
  /** Seconds a refused child is told to wait: its link's longest backoff. */
  static final int RETRY_AFTER_SECONDS = 5;

  /** How long a connection may go unseen before it no longer counts: twice the idle timeout. */
  static final long FORGET_NANOS = 60_000_000_000L;

  private static final long PRUNE_EVERY_NANOS = 1_000_000_000L;

  private final int maxChildren;
  private final LongSupplier clock;
  private final Map<InetSocketAddress, Long> seen = new ConcurrentHashMap<>();
  private final AtomicLong nextPrune;

  ChildAdmission(int maxChildren) {
    this(maxChildren, new NanoClock());
  }

  ChildAdmission(int maxChildren, LongSupplier clock) {
    this.maxChildren = maxChildren;
    this.clock = clock;
    this.nextPrune = new AtomicLong(clock.getAsLong() + PRUNE_EVERY_NANOS);
  }

  /**
   * The connections children may hold when the server keeps at most {@code maxConnections}: all but
   * a quarter of them, or but 256 when that is less.
   */
  static int maxChildren(int maxConnections) {
    return maxConnections - Math.min(256, maxConnections / 4);
  }

  /** The connections children may hold on this JVM's server. */
  static int maxChildren() {
    return maxChildren(ServerProperties.MAX_CONNECTIONS);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!Contract.UPDATE_PATH.equals(path) && !Contract.JOIN_PATH.equals(path)) {
      chain.doFilter(exchange);
      return;
    }
    long now = clock.getAsLong();
    prune(now);
    InetSocketAddress remote = exchange.getRemoteAddress();
    if (seen.replace(remote, now) == null) {
      if (seen.size() >= maxChildren) {
        refuse(exchange);
        return;
      }
      seen.put(remote, now);
    }
    chain.doFilter(exchange);
  }

  /** How many connections count as children's now. */
  int size() {
    return seen.size();
  }

  private void refuse(HttpExchange exchange) throws IOException {
    try {
      exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      exchange.getResponseHeaders().set("Connection", "close");
      Responses.error(
          exchange,
          503,
          "Too many children: "
              + maxChildren
              + " are connected, the most this JVM keeps room for; retry in "
              + RETRY_AFTER_SECONDS
              + " s");
    } finally {
      exchange.close();
    }
  }

  private void prune(long now) {
    long due = nextPrune.get();
    if (now - due < 0 || !nextPrune.compareAndSet(due, now + PRUNE_EVERY_NANOS)) {
      return;
    }
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      if (now - it.next() > FORGET_NANOS) {
        it.remove();
      }
    }
  }

  @Override
  public String description() {
    return "room for at most " + maxChildren + " children's connections";
  }

  private static final class NanoClock implements LongSupplier {
    @Override
    public long getAsLong() {
      return System.nanoTime();
    }
  }
}
