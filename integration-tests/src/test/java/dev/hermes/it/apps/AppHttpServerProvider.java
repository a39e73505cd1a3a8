package dev.hermes.it.apps;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.net.InetSocketAddress;

/**
 * An application's own {@code HttpServerProvider}, as Jetty's http-spi brings one: named by a
 * service file or the {@code com.sun.net.httpserver.HttpServerProvider} property, it serves the
 * application's {@code HttpServer.create}; Hermes's endpoint must not be built on it. It refuses,
 * so that a test sees who used it.
 */
public final class AppHttpServerProvider extends HttpServerProvider {
  @Override
  public HttpServer createHttpServer(InetSocketAddress address, int backlog) {
    throw new UnsupportedOperationException("the application's own provider");
  }

  @Override
  public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) {
    throw new UnsupportedOperationException("the application's own provider");
  }
}
