import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Stand-ins for pulled children: {@code java SeedServer PORT_FILE SECONDS CHILDREN} serves the
 * seed's JSON (three keys) on {@code /c1} to {@code /cCHILDREN} of 127.0.0.1, on a free port it
 * writes to PORT_FILE once listening, for at most SECONDS. Runs in a JVM of its own, so that the
 * measured JVM pulls from it as from any child and pays nothing else.
 */
final class SeedServer {
  private SeedServer() {}

  public static void main(String[] args) throws Exception {
    Path portFile = Path.of(args[0]);
    long seconds = Long.parseLong(args[1]);
    int children = Integer.parseInt(args[2]);
    byte[] body =
        ("{\"status\": {\"value\": \"ok\", \"age\": 0.5, \"ttl\": 30},"
                + " \"queue.depth\": {\"value\": \"7\", \"age\": 1.25, \"ttl\": 30},"
                + " \"load\": {\"value\": \"0.25\", \"age\": 0.5, \"ttl\": 30}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    for (int i = 1; i <= children; i++) {
      server.createContext(
          "/c" + i,
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
    }
    server.start();
    Path written =
        Files.writeString(Path.of(portFile + ".tmp"), server.getAddress().getPort() + "\n");
    Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(seconds * 1000);
    server.stop(0);
  }
}
