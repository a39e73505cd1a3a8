import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says about a process: resident memory and CPU time. Linux only. */
final class ProcFs {
  private ProcFs() {}

  /** VmRSS in MiB. */
  static double rssMib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }

  /** utime + stime of every thread, live or exited, in clock ticks (fields 14 and 15 of stat). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name, in parentheses, may hold spaces: count fields after its closing ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
