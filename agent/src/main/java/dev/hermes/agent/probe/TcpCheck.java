package dev.hermes.agent.probe;

import dev.hermes.agent.support.Log;
import dev.hermes.api.ProbeCheck;
import dev.hermes.api.ProbeResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Connects to {@code host:port} within a timeout: {@code ok} when it connects, else critical. */
final class TcpCheck implements ProbeCheck {
  private final String host;
  private final int port;
  private final int timeoutMillis;

  TcpCheck(String host, int port, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public ProbeResult check() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      return ProbeResult.ok("connected to " + host + ":" + port);
    } catch (SocketTimeoutException e) {
      return ProbeResult.critical(
          "no connection to " + host + ":" + port + " within " + timeoutMillis + " ms");
    } catch (IOException | RuntimeException e) {
      return ProbeResult.critical(host + ":" + port + ": " + Log.describe(e));
    }
  }
}
