import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a port free on 127.0.0.1: {@code java FreePort}. */
final class FreePort {
  private FreePort() {}

  static int next() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static void main(String[] args) throws IOException {
    System.out.println(next());
  }
}
