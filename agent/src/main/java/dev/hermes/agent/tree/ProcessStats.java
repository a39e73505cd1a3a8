package dev.hermes.agent.tree;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A process's CPU time and resident memory, as this host's OS tells them to anyone allowed to see
 * the process, JVM or not. On Linux, one read of {@code /proc/<pid>/stat} (utime and stime in clock
 * ticks of {@value #USER_HZ} a second, the kernel's fixed USER_HZ; resident pages, of the page size
 * measured once from {@code /proc/self}). Elsewhere, {@code ProcessHandle.Info}'s total CPU time,
 * and no memory figure.
 *
 * <p>{@code ProcessStats.Reading r = ProcessStats.forThisHost().read(pid);} (null when it is gone)
 */
abstract class ProcessStats {
  /** The clock ticks a second of {@code /proc/<pid>/stat}'s times: the kernel ABI's USER_HZ. */
  static final int USER_HZ = 100;

  /** What the OS said of a process; a figure it does not give is -1. */
  static final class Reading {
    final long cpuNanos;
    final long rssBytes;

    /** When the process started, in the OS's own unit, to tell a pid used again; -1 unknown. */
    final long started;

    Reading(long cpuNanos, long rssBytes, long started) {
      this.cpuNanos = cpuNanos;
      this.rssBytes = rssBytes;
      this.started = started;
    }
  }

  /** The process {@code pid} now, or null if there is none (or it cannot be read). */
  abstract Reading read(long pid);

  /** {@code /proc} where this host has it, {@code ProcessHandle} otherwise. */
  static ProcessStats forThisHost() {
    if (Files.isReadable(Path.of("/proc/self/stat"))) {
      return new Proc(Path.of("/proc"), pageSize());
    }
    return new Handles();
  }

  /**
   * Linux: {@code /proc/<pid>/stat}, read into a buffer of its own and parsed in place: one open,
   * read and close a process, no String or Path made of it. Used by one thread at a time.
   */
  static final class Proc extends ProcessStats {
    private final String proc;
    private final long pageSize;
    private final byte[] buffer = new byte[1024];

    Proc(Path proc, long pageSize) {
      this.proc = proc.toString() + "/";
      this.pageSize = pageSize;
    }

    @Override
    Reading read(long pid) {
      int length = 0;
      try (FileInputStream in = new FileInputStream(proc + pid + "/stat")) {
        for (int n;
            length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
          length += n;
        }
      } catch (IOException | RuntimeException e) {
        return null; // gone, or not ours to read
      }
      return parse(buffer, length, pageSize);
    }

    /**
     * The same as {@link #parse(String, long)}, on the first {@code length} bytes of {@code stat}.
     */
    static Reading parse(byte[] stat, int length, long pageSize) {
      int at = length - 1;
      while (at >= 0 && stat[at] != ')') {
        at--;
      }
      if (at < 0) {
        return null;
      }
      // Fields from 3 (state) on, each after one space: 14 utime, 15 stime, 22 starttime, 24 rss.
      long utime = -1;
      long stime = -1;
      long started = -1;
      int field = 2;
      int i = at + 1;
      while (i < length && field < 24) {
        if (stat[i] != ' ') {
          return null;
        }
        field++;
        i++;
        long value = 0;
        boolean digits = false;
        boolean negative = i < length && stat[i] == '-';
        if (negative) {
          i++;
        }
        while (i < length && stat[i] != ' ' && stat[i] != '\n') {
          byte b = stat[i++];
          if (b >= '0' && b <= '9') {
            value = value * 10 + (b - '0');
            digits = true;
          } else {
            digits = false;
            value = -1;
            while (i < length && stat[i] != ' ' && stat[i] != '\n') {
              i++;
            }
            break;
          }
        }
        if (field == 14) {
          utime = digits ? value : -1;
        } else if (field == 15) {
          stime = digits ? value : -1;
        } else if (field == 22) {
          started = digits ? value : -1;
        } else if (field == 24) {
          if (utime < 0 || stime < 0 || !digits) {
            return null;
          }
          long rss = negative ? -1 : value * pageSize;
          return new Reading((utime + stime) * (1_000_000_000L / USER_HZ), rss, started);
        }
      }
      return null;
    }

    /**
     * {@code /proc/<pid>/stat}: "pid (comm) state ppid ...", where comm may hold spaces and
     * parentheses, so fields are counted from the last ')'. utime and stime are fields 14 and 15,
     * starttime 22, rss (pages) 24. Null when it is not such a line.
     */
    static Reading parse(String stat, long pageSize) {
      byte[] bytes = stat.getBytes(StandardCharsets.ISO_8859_1);
      return parse(bytes, bytes.length, pageSize);
    }
  }

  /** Any other OS: the JDK's {@code ProcessHandle.Info} (CPU only). */
  static final class Handles extends ProcessStats {
    @Override
    Reading read(long pid) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (!handle.isPresent() || !handle.get().isAlive()) {
        return null;
      }
      ProcessHandle.Info info = handle.get().info();
      Optional<Duration> cpu = info.totalCpuDuration();
      long started =
          info.startInstant().isPresent() ? info.startInstant().get().toEpochMilli() : -1;
      return new Reading(cpu.isPresent() ? cpu.get().toNanos() : -1, -1, started);
    }
  }

  /**
   * The page size, from this process's resident memory in pages ({@code /proc/self/statm}) and in
   * kB ({@code VmRSS} of {@code /proc/self/status}), read one after the other and rounded to a
   * power of two; 4096 if they cannot be read.
   */
  static long pageSize() {
    try {
      String statm = Files.readString(Path.of("/proc/self/statm"), StandardCharsets.ISO_8859_1);
      String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1);
      return pageSize(Long.parseLong(statm.trim().split(" ")[1]), vmRssKb(status));
    } catch (IOException | RuntimeException e) {
      return 4096;
    }
  }

  static long pageSize(long residentPages, long residentKb) {
    if (residentPages <= 0 || residentKb <= 0) {
      return 4096;
    }
    double ratio = residentKb * 1024.0 / residentPages;
    long size = 4096;
    while (size < (1 << 20) && Math.abs(size * 2 - ratio) < Math.abs(size - ratio)) {
      size *= 2;
    }
    return size;
  }

  /** The {@code VmRSS:} of a {@code /proc/<pid>/status}, in kB, or -1. */
  static long vmRssKb(String status) {
    int at = status.indexOf("VmRSS:");
    if (at < 0) {
      return -1;
    }
    int end = status.indexOf('\n', at);
    String line = status.substring(at + 6, end < 0 ? status.length() : end).trim();
    int space = line.indexOf(' ');
    return Long.parseLong(space < 0 ? line : line.substring(0, space));
  }
}
