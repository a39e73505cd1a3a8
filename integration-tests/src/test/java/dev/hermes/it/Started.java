package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    List<ProcessHandle> all = new ArrayList<>();
    process.descendants().forEach(all::add);
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle h : all) {
        h.onExit().get(2, TimeUnit.SECONDS);
        removeAttachSocket(h);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception stillRunning) {
      // left as it is: a socket of a process that still runs is its own
    }
  }

  /**
   * A JVM that something attached to ({@code hermes list}, {@code attach}, the JDK's tools) has a
   * socket {@code /tmp/.java_pid<pid>}, which it removes when it exits normally but not when it is
   * killed as here: removed once the process is gone.
   */
  private static void removeAttachSocket(ProcessHandle h) throws IOException {
    if (!h.isAlive()) {
      Files.deleteIfExists(Path.of("/tmp", ".java_pid" + h.pid()));
    }
  }
}
