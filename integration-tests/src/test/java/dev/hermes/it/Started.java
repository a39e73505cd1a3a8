package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A started JVM: its output files, its endpoint, and a close that kills it and its children. */
final class Started implements AutoCloseable {
  final Process process;
  private final Path out;
  private final Path err;

  Started(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  long pid() {
    return process.pid();
  }

  String stdout() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("JVM " + pid() + " did not exit within " + timeout + "; stderr: " + stderr());
    }
    return process.exitValue();
  }

  /** Polls {@code url} until the body satisfies {@code ready}; fails after 20 s. */
  Http.Response awaitBody(String url, Predicate<String> ready, String... headers) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Http.Response last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("JVM exited with " + process.exitValue() + "; stderr: " + stderr());
      }
      try {
        last = Http.get(url, headers);
        if (last.status == 200 && ready.test(last.body)) {
          return last;
        }
      } catch (IOException notYet) {
        // the endpoint is not up yet
      }
      Thread.sleep(50);
    }
    fail("no ready answer from " + url + "; last: " + last + "; stderr: " + stderr());
    return null;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
