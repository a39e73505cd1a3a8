package dev.hermes.agent.spawn;

import dev.hermes.agent.config.Contract;
import dev.hermes.agent.support.Log;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The {@code java} a script started by this JVM finds first on its {@code PATH}: a small POSIX
 * shell script that runs the next {@code java} on the {@code PATH} (or this JVM's) with {@code
 * -javaagent:hermes.jar}, except for a call that only prints ({@code java -version}) or already has
 * the agent. So a start script's JVM gets the agent without {@code JDK_JAVA_OPTIONS}, and with it
 * no {@code NOTE: Picked up JDK_JAVA_OPTIONS} line on the stderr of every {@code java} it runs
 * ({@code java -version 2>&1 | head -1} reads the version again).
 *
 * <p>It is written once per agent jar and runtime, into {@code <tmp>/hermes-<user>/<hash>/bin}: a
 * directory of this user's alone (0700, checked, never a link), kept after this JVM exits because a
 * script it started may outlive it. On Windows, or where it cannot be written, there is none
 * ({@link #bin} is null) and scripts get {@code JDK_JAVA_OPTIONS} as before.
 */
final class JavaShim {
  private static final Set<PosixFilePermission> PRIVATE_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> SCRIPT =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private static Path bin;
  private static boolean tried;

  private JavaShim() {}

  /** The directory holding the shim, for {@code agentJar}; null where there is none. */
  static synchronized Path bin(Path agentJar) {
    if (!tried) {
      tried = true;
      try {
        bin = write(agentJar, Path.of(System.getProperty("java.io.tmpdir")));
      } catch (IOException | RuntimeException e) {
        Log.debug("no java shim for scripts (" + Log.describe(e) + "); they get JDK_JAVA_OPTIONS");
      }
    }
    return bin;
  }

  /** Writes the shim for {@code agentJar} under {@code tmp}; returns its bin directory. */
  static Path write(Path agentJar, Path tmp) throws IOException {
    if (File.separatorChar != '/') {
      return null;
    }
    Path javaHome = Path.of(System.getProperty("java.home"));
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    Path base = privateDirectory(tmp.resolve("hermes-" + user));
    String key = agentJar + "\n" + javaHome;
    Path dir = base.resolve(Integer.toHexString(key.hashCode()) + "-" + key.length());
    Path binDir = dir.resolve("bin");
    Files.createDirectories(binDir);
    Path shim = binDir.resolve("java");
    String content =
        script(binDir, Contract.javaagentOption(agentJar), javaHome.resolve("bin/java"));
    if (!Files.isRegularFile(shim, LinkOption.NOFOLLOW_LINKS)
        || !content.equals(Files.readString(shim, StandardCharsets.UTF_8))) {
      Path written = Files.createTempFile(binDir, "java", ".tmp");
      Files.writeString(written, content, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(written, SCRIPT);
      Files.move(
          written, shim, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return binDir;
  }

  /** {@code dir}, made if need be: a directory (not a link) of this user's that only it may use. */
  private static Path privateDirectory(Path dir) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    } catch (FileAlreadyExistsException exists) {
      // checked below
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS)
            .getName()
            .equals(System.getProperty("user.name"))
        || !PRIVATE_DIR.equals(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))) {
      throw new IOException(dir + " is not a private directory of this user's");
    }
    return dir;
  }

  /**
   * The shim: in {@code binDir}, it gives {@code option} to the next {@code java} on the {@code
   * PATH}, or to {@code fallback}. A call with an option that only prints runs without the agent,
   * and without it in {@code JDK_JAVA_OPTIONS} if a parent put it there last.
   */
  static String script(Path binDir, String option, Path fallback) {
    String quotedOption = option.indexOf(' ') >= 0 ? "\"" + option + "\"" : option;
    StringBuilder info = new StringBuilder();
    for (String o : new java.util.TreeSet<>(CommandRewriter.infoOptions())) {
      info.append(info.length() == 0 ? "" : "|").append(quote(o));
    }
    return String.join(
        "\n",
        List.of(
            "#!/bin/sh",
            "# Written by the Hermes agent: the java of the scripts a JVM with the agent starts.",
            "# It runs the next java on PATH with the agent, except for a call that only prints",
            "# (java -version) or has the agent already.",
            "shim=" + quote(binDir.toString()),
            "agent=" + quote(option),
            "inenv=" + quote(quotedOption),
            "real=",
            "was=$IFS; IFS=:",
            "for d in $PATH; do",
            "  if [ -n \"$d\" ] && [ \"$d\" != \"$shim\" ] && [ -f \"$d/java\" ] && [ -x"
                + " \"$d/java\" ]; then real=$d/java; break; fi",
            "done",
            "IFS=$was",
            "[ -n \"$real\" ] || real=" + quote(fallback.toString()),
            "with=$agent",
            "case \" $JDK_JAVA_OPTIONS \" in *\" $inenv \"*) with= ;; esac",
            "for a in \"$@\"; do",
            "  case $a in",
            "    " + info + ")",
            "      o=${JDK_JAVA_OPTIONS%\"$inenv\"}",
            "      if [ \"$o\" != \"${JDK_JAVA_OPTIONS-}\" ]; then",
            "        o=${o% }",
            "        if [ -z \"$o\" ]; then unset JDK_JAVA_OPTIONS; else JDK_JAVA_OPTIONS=$o;"
                + " export JDK_JAVA_OPTIONS; fi",
            "      fi",
            "      exec \"$real\" \"$@\" ;;",
            "    \"$agent\"|\"$agent\"=*) with= ;;",
            "  esac",
            "done",
            "if [ -n \"$with\" ]; then exec \"$real\" \"$with\" \"$@\"; fi",
            "exec \"$real\" \"$@\"",
            ""));
  }

  /** {@code s} as one word of a POSIX shell, in single quotes. */
  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
