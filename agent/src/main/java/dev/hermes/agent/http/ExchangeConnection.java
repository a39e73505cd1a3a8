package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpExchange;
import dev.hermes.agent.support.Log;
import dev.hermes.agent.support.Privileges;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection under an exchange of Hermes's private copy of the JDK server, for the one kind of
 * exchange that outlives its handler, an {@code /events} stream: its socket channel, read to notice
 * at once that the consumer has gone, and the server's own way to close and forget a connection.
 *
 * <p>Why: the JDK server counts every open connection against {@code maxConnections} (256) and
 * forgets one only on its own paths: a response closed cleanly, a handler that throws an {@code
 * IOException}, a timeout. A stream that ends on its own thread, after a write failed because the
 * consumer went away, is on none of them on JDK 17, whose {@code ChunkedOutputStream.close} flushes
 * the failed bytes again outside its own {@code try}: the close throws, the server never hears of
 * it, and after 256 such streams it refuses every connection. {@link #drop} is what the server does
 * itself when a handler throws: {@code ServerImpl.closeConnection}.
 *
 * <p>These are package-private members of the JDK's {@code sun.net.httpserver}. Hermes's copy is
 * defined by its own class loader, in the same unnamed module as this class, so they are reachable
 * without opening any module of the JDK's; the same members exist on JDK 17 to 25. Where they are
 * not (another JDK, the boot layer's {@code jdk.httpserver} in unit tests), {@link #of} gives null
 * and streams fall back on {@link HttpExchange#close}.
 *
 * <p>{@code ExchangeConnection c = ExchangeConnection.of(exchange); if (c != null) c.drop();}
 */
final class ExchangeConnection {
  private static final Members MEMBERS = Members.find();
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final Object server;
  private final Object connection;
  private final SocketChannel channel;

  private ExchangeConnection(Object server, Object connection, SocketChannel channel) {
    this.server = server;
    this.connection = connection;
    this.channel = channel;
  }

  /**
   * The connection under {@code exchange}, or null when the server's internals are out of reach;
   * said once on stderr if that is so for an exchange of the server's own.
   */
  static ExchangeConnection of(HttpExchange exchange) {
    ExchangeConnection found = find(exchange);
    if (found == null
        && exchange.getClass().getName().startsWith("sun.net.httpserver.")
        && WARNED.compareAndSet(false, true)) {
      Log.warn(
          "event streams cannot watch their connections on this Java runtime: a consumer that"
              + " leaves frees its slot at the next write to it (a ping, within 15 s)");
    }
    return found;
  }

  private static ExchangeConnection find(HttpExchange exchange) {
    Members m = MEMBERS;
    if (m == null || !m.exchange.isInstance(exchange)) {
      return null;
    }
    try {
      Object impl = m.exchangeImpl.invoke(null, exchange);
      Object connection = m.connection.invoke(impl);
      Object server = m.server.invoke(impl);
      Object channel = m.channel.invoke(connection);
      if (server == null || !(channel instanceof SocketChannel)) {
        return null;
      }
      return new ExchangeConnection(server, connection, (SocketChannel) channel);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Whether streams can watch their connections here: false in unit tests, true in the agent. */
  static boolean available() {
    return MEMBERS != null;
  }

  /** The connection's socket, in blocking mode while the exchange is under way. */
  SocketChannel channel() {
    return channel;
  }

  /**
   * Closes the connection and makes the server forget it, as the server does itself when a handler
   * throws an {@code IOException}; a second call does nothing more.
   */
  void drop() {
    try {
      MEMBERS.closeConnection.invoke(server, connection);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // The server's internals failed us: at least close the socket.
      try {
        channel.close();
      } catch (java.io.IOException | RuntimeException ignored) {
        // nothing more can be done
      }
    }
  }

  /** The server's members, looked up once; null when this class's loader has no private copy. */
  private static final class Members {
    final Class<?> exchange;
    final Method exchangeImpl;
    final Method connection;
    final Method server;
    final Method channel;
    final Method closeConnection;

    private Members(ClassLoader loader) throws ReflectiveOperationException {
      String pkg = "sun.net.httpserver.";
      exchange = Class.forName("com.sun.net.httpserver.HttpExchange", false, loader);
      Class<?> impl = Class.forName(pkg + "ExchangeImpl", false, loader);
      Class<?> conn = Class.forName(pkg + "HttpConnection", false, loader);
      Class<?> serverImpl = Class.forName(pkg + "ServerImpl", false, loader);
      exchangeImpl = impl.getDeclaredMethod("get", exchange);
      connection = impl.getDeclaredMethod("getConnection");
      server = impl.getDeclaredMethod("getServerImpl");
      channel = conn.getDeclaredMethod("getChannel");
      closeConnection = serverImpl.getDeclaredMethod("closeConnection", conn);
      for (Method m : new Method[] {exchangeImpl, connection, server, channel, closeConnection}) {
        m.setAccessible(true); // throws where the JDK's module is not this class's own
      }
    }

    static Members find() {
      Members[] found = new Members[1];
      try {
        Privileges.run(
            new Runnable() {
              @Override
              public void run() {
                try {
                  found[0] = new Members(ExchangeConnection.class.getClassLoader());
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                  found[0] = null;
                }
              }
            });
      } catch (RuntimeException e) {
        return null;
      }
      return found[0];
    }
  }
}
