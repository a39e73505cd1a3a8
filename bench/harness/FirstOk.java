import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time from launch ({@code System.nanoTime()} just before {@code start()}) to the first HTTP 200
 * on {@code GET /}, polling 127.0.0.1:{port} about every millisecond: {@code java FirstOk
 * variants.tsv 20 2} prints label, round, ms.
 */
final class FirstOk {
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

  public static void main(String[] args) throws Exception {
    List<Variant> variants = Variant.read(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    int warmups = Integer.parseInt(args[2]);
    for (int round = -warmups; round < runs; round++) {
      for (Variant v : Variant.inRound(variants, round + warmups)) {
        int port = FreePort.next();
        ProcessBuilder builder = v.builder(port);
        long start = System.nanoTime();
        Process p = Variant.start(builder);
        double ms;
        try {
          ms = (untilOk(p, port) - start) / 1e6;
        } finally {
          Variant.stop(p);
        }
        if (round >= 0) {
          System.out.println(v.sample(round, ms));
        }
      }
    }
  }

  /** Polls until a 200 arrives; returns the {@code nanoTime} at which it did. */
  private static long untilOk(Process p, int port) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      if (isOk(port)) {
        return System.nanoTime();
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("exited with " + p.exitValue() + " before serving");
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no HTTP 200 on port " + port + " within 20 s");
  }

  private static boolean isOk(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = in.readLine();
      return statusLine != null && statusLine.startsWith("HTTP/1.1 200");
    } catch (ConnectException refused) {
      return false; // not listening yet
    }
  }
}
