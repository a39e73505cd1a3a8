package dev.hermes.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds and starts a real JVM, optionally with the built hermes.jar, for one test. */
final class Jvm {
  private final List<String> options = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private String agentArgs;
  private boolean agent;
  private String classPath;
  private String modulePath;
  private String main;
  private String namespace;
  private Path directory;

  static Jvm withAgent(String agentArgs) {
    Jvm jvm = new Jvm();
    jvm.agent = true;
    jvm.agentArgs = agentArgs;
    return jvm;
  }

  static Jvm withoutAgent() {
    return new Jvm();
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Path hermesJar() {
    return Path.of(System.getProperty("hermes.jar")).toAbsolutePath().normalize();
  }

  static Path apiJar() {
    return Path.of(System.getProperty("hermes.api.jar")).toAbsolutePath().normalize();
  }

  static String apps() {
    return Path.of(System.getProperty("hermes.apps")).toAbsolutePath().toString();
  }

  /** A port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  Jvm classPath(String... entries) {
    this.classPath = String.join(File.pathSeparator, entries);
    return this;
  }

  Jvm modulePath(String path) {
    this.modulePath = path;
    return this;
  }

  Jvm main(String main, String... args) {
    this.main = main;
    this.args.addAll(List.of(args));
    return this;
  }

  Jvm option(String option) {
    options.add(option);
    return this;
  }

  /** Runs the JVM in the network namespace {@code ns} ({@code ip netns exec}, which execs it). */
  Jvm inNamespace(String ns) {
    this.namespace = ns;
    return this;
  }

  /** Runs the JVM in {@code dir} (its {@code user.dir}) instead of the test's directory. */
  Jvm directory(Path dir) {
    this.directory = dir;
    return this;
  }

  Jvm env(String name, String value) {
    env.put(name, value);
    return this;
  }

  List<String> command() {
    List<String> command = new ArrayList<>();
    if (namespace != null) {
      command.addAll(List.of("ip", "netns", "exec", namespace));
    }
    command.add(java());
    if (agent) {
      command.add("-javaagent:" + hermesJar() + (agentArgs == null ? "" : "=" + agentArgs));
    }
    command.addAll(options);
    if (classPath != null) {
      command.add("-cp");
      command.add(classPath);
    }
    if (modulePath != null) {
      command.add("-p");
      command.add(modulePath);
      command.add("-m");
    }
    command.add(main);
    command.addAll(args);
    return command;
  }

  Started start() throws IOException {
    Path dir = Temp.dir("hermes-it");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb = new ProcessBuilder(command()).redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    pb.environment().keySet().removeIf(k -> k.startsWith("HERMES_"));
    pb.environment().putAll(env);
    return new Started(pb.start(), out, err);
  }
}
