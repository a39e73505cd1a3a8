package dev.hermes.agent.http;

import com.sun.net.httpserver.HttpHandler;
import java.util.List;

/** A path's handler and the methods it answers; HEAD goes wherever GET does. */
final class Route {
  final HttpHandler handler;
  final List<String> methods;

  Route(HttpHandler handler, String... methods) {
    this.handler = handler;
    this.methods = List.of(methods);
  }

  boolean allows(String method) {
    return methods.contains(method) || ("HEAD".equals(method) && methods.contains("GET"));
  }

  String allowHeader() {
    return methods.contains("GET")
        ? String.join(", ", methods) + ", HEAD"
        : String.join(", ", methods);
  }
}
