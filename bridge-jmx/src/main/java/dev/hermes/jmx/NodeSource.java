package dev.hermes.jmx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The machine's memory, {@code os.memory.total_bytes} and {@code os.memory.available_bytes}, and
 * this process's resident memory, {@code process.memory.rss_bytes}. On Linux from {@code
 * /proc/meminfo} (MemTotal, MemAvailable: the host's figures, also in a container) and {@code
 * /proc/self/status} (VmRSS); elsewhere the memory from the OS bean (total and free physical
 * memory), and no resident memory. A figure the platform does not give is left out.
 */
final class NodeSource implements Source {
  private final Path proc;
  private final OsExtras extras;

  NodeSource(Path proc, OsExtras extras) {
    this.proc = proc;
    this.extras = extras;
  }

  @Override
  public void read(Map<String, String> out) {
    String meminfo = file("meminfo");
    long total = -1;
    long available = -1;
    if (meminfo != null) {
      total = kib(meminfo, "MemTotal:");
      available = kib(meminfo, "MemAvailable:");
      if (available < 0) {
        // Before Linux 3.14: what is free, and what the page cache could give back.
        long free = kib(meminfo, "MemFree:");
        long buffers = kib(meminfo, "Buffers:");
        long cached = kib(meminfo, "Cached:");
        available = free < 0 ? -1 : free + Math.max(buffers, 0) + Math.max(cached, 0);
      }
    } else {
      total = extras.totalMemory();
      available = extras.freeMemory();
    }
    if (total >= 0) {
      out.put("os.memory.total_bytes", Long.toString(total));
    }
    if (available >= 0) {
      out.put("os.memory.available_bytes", Long.toString(available));
    }
    String status = file("self/status");
    long rss = status == null ? -1 : kib(status, "VmRSS:");
    if (rss >= 0) {
      out.put("process.memory.rss_bytes", Long.toString(rss));
    }
  }

  private String file(String name) {
    if (proc == null) {
      return null;
    }
    try {
      return new String(Files.readAllBytes(proc.resolve(name)), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The figure of a {@code Name: 123 kB} line, in bytes; -1 when it is not there. */
  static long kib(String text, String name) {
    int at = text.startsWith(name) ? 0 : text.indexOf("\n" + name);
    if (at < 0) {
      return -1;
    }
    int from = at + (at == 0 ? 0 : 1) + name.length();
    int end = text.indexOf('\n', from);
    String rest = text.substring(from, end < 0 ? text.length() : end).trim();
    int space = rest.indexOf(' ');
    try {
      return Long.parseLong(space < 0 ? rest : rest.substring(0, space)) * 1024;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code /proc} where this host has one, else null. */
  static Path procOfThisHost() {
    Path proc = Path.of("/proc");
    return Files.isReadable(proc.resolve("meminfo")) ? proc : null;
  }
}
