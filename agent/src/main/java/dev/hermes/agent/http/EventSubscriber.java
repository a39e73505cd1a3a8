package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.support.Log;
import dev.hermes.api.Status;
import dev.hermes.api.StatusChange;
import dev.hermes.api.StatusListener;
import dev.hermes.api.StatusStore;
import dev.hermes.api.Subscription;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code /events} consumer: the store's listener puts events on a bounded queue (never blocking
 * the thread that reported), and a daemon thread of its own writes them out, with a {@code : ping}
 * comment when idle. A consumer whose queue overflows is dropped: its queue is emptied, its
 * listener removed and its connection closed.
 *
 * <p>A second daemon thread reads the connection, where the server's internals let it ({@link
 * ExchangeConnection}): a consumer sends nothing once its request is in, so the read returns only
 * when the consumer closes or resets the connection, and the stream ends then, its slot free at
 * once rather than at the next write (the next ping, up to 15 s later when no events flow).
 * Whatever a consumer does send is read and ignored.
 */
final class EventSubscriber implements StatusListener, Runnable {
  private static final byte[] HELLO = ": hermes events\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

  private final HttpExchange exchange;
  private final ExchangeConnection connection; // null where the server's internals are unknown
  private final EventStreams streams;
  private final EventStreams.Limits limits;
  private final BlockingQueue<SseEvent> queue;
  private final ChildTransitions transitions = new ChildTransitions();
  private volatile Subscription subscription;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long writingSince;
  private volatile Thread writer;
  private long queuedChars; // guarded by this

  EventSubscriber(HttpExchange exchange, EventStreams streams, EventStreams.Limits limits) {
    this.exchange = exchange;
    this.connection = ExchangeConnection.of(exchange);
    this.streams = streams;
    this.limits = limits;
    this.queue = new ArrayBlockingQueue<>(limits.maxQueuedEvents);
  }

  /** Starts listening under {@code prefix}; changes queue up until {@link #start} writes them. */
  void subscribe(StatusStore store, String prefix) {
    synchronized (this) {
      subscription = store.subscribe(prefix, this);
      // Seeded after subscribing, under the lock the listener takes: no state change is missed.
      SortedMap<String, Status> snapshot = store.snapshot(prefix);
      transitions.seed(snapshot);
      streams.watchAll(snapshot);
    }
  }

  /** Gives up a subscriber whose response could not be started. */
  void cancel() {
    end(null);
    streams.closed(this);
  }

  /**
   * Starts the writer thread from {@code writers} and, if the connection is within reach, its
   * reader from {@code readers}; call once the response headers are sent.
   */
  void start(ThreadFactory writers, ThreadFactory readers) {
    // Known before it runs, so that end() can always interrupt it.
    Thread t = writers.newThread(this);
    writer = t;
    t.start();
    if (connection != null) {
      readers.newThread(new HangupWatch(connection.channel())).start();
    }
  }

  @Override
  public synchronized void onChange(StatusChange change) {
    if (ended.get()) {
      return;
    }
    streams.watch(change);
    offer(SseEvent.of(change));
    String transition = transitions.on(change);
    if (transition != null) {
      offer(SseEvent.child(transition, ChildTransitions.childOf(change.key())));
    }
  }

  private void offer(SseEvent event) {
    if (ended.get()) {
      return;
    }
    int weight = event.weight();
    if (queue.remainingCapacity() == 0
        || (queuedChars + weight > limits.maxQueuedChars && !queue.isEmpty())) {
      end("its queue overflowed");
      return;
    }
    queuedChars += weight;
    queue.add(event);
  }

  @Override
  public void run() {
    try {
      OutputStream out = exchange.getResponseBody();
      write(out, HELLO);
      long id = 0;
      while (!ended.get()) {
        SseEvent event = queue.poll(limits.heartbeatNanos, TimeUnit.NANOSECONDS);
        if (event == null) {
          write(out, PING);
          continue;
        }
        synchronized (this) {
          queuedChars -= event.weight();
        }
        write(out, event.encode(++id));
      }
    } catch (InterruptedException e) {
      // Dropped while waiting: keep the flag, so that closing below cuts the connection at once.
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      Log.debug("event stream closed: " + e);
    } catch (RuntimeException | Error e) {
      Log.error("an event stream failed and was closed", e);
    } finally {
      end(null);
      release();
      streams.closed(this);
    }
  }

  /**
   * Gives the connection back to the server, whichever way the stream ended. Closing the exchange
   * alone is not enough: on JDK 17 the close of a chunked response whose last write failed throws
   * inside the server, which then counts the connection as open for good (after 256 such streams it
   * refuses every connection). So the connection is first dropped the way the server drops it
   * itself when a handler fails ({@link ExchangeConnection#drop}); the close that follows only
   * settles the server's count of exchanges. A stream ends abruptly either way: its consumer has
   * gone, or is being dropped, and reconnects.
   */
  private void release() {
    if (connection != null) {
      connection.drop();
    }
    try {
      exchange.close();
    } catch (RuntimeException ignored) {
      // The connection is gone either way.
    }
  }

  /**
   * When the current write started (a {@link System#nanoTime()} reading), 0 if none is under way.
   */
  long writingSince() {
    return writingSince;
  }

  /**
   * Stops the stream: removes the listener and frees the queue at once, and interrupts the writer,
   * which closes the connection even while a write is blocked on a consumer that stopped reading.
   */
  void end(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
    queue.clear();
    if (reason != null) {
      Log.debug("event stream dropped: " + reason);
      Thread t = writer;
      if (t != null && t != Thread.currentThread()) {
        t.interrupt();
      }
    }
  }

  private void write(OutputStream out, byte[] bytes) throws IOException {
    writingSince = System.nanoTime() | 1; // never 0 while writing
    try {
      out.write(bytes);
      out.flush();
    } finally {
      writingSince = 0;
    }
  }

  /** Reads the connection until the consumer closes or resets it, then ends the stream. */
  private final class HangupWatch implements Runnable {
    private final SocketChannel channel;

    HangupWatch(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void run() {
      ByteBuffer ignored = ByteBuffer.allocate(256);
      try {
        while (!ended.get() && channel.read(ignored) >= 0) {
          ignored.clear();
        }
      } catch (IOException | RuntimeException e) {
        // Reset by the consumer, or closed because the stream ended: it is over either way.
      }
      end("its consumer closed the connection");
    }
  }
}
