package dev.hermes.it;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** Starts a TreeApp root with the agent and reads its endpoint. */
final class Tree {
  final Started root;
  final String url;

  private Tree(Started root, String url) {
    this.root = root;
    this.url = url;
  }

  /** A root on a free port, JMX off (its keys would only add noise here), grace 1 s. */
  static Tree start(String agentArgs, String... script) throws Exception {
    return start(Map.of(), agentArgs, script);
  }

  /** The same with extra environment variables for the root (and so its tree). */
  static Tree start(Map<String, String> env, String agentArgs, String... script) throws Exception {
    Path module = ApiAppIT.compileModuleApp();
    int port = Jvm.freePort();
    String args = "port=" + port + ",grace=1" + (agentArgs.isEmpty() ? "" : "," + agentArgs);
    Jvm jvm = Jvm.withAgent(args).env("HERMES_JMX", "off");
    env.forEach(jvm::env);
    Started root =
        jvm.option("-Dit.modulepath=" + Jvm.apiJar() + File.pathSeparator + module)
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.TreeApp", script)
            .start();
    String scheme = env.containsKey("HERMES_TLS") || agentArgs.contains("tls=") ? "https" : "http";
    return new Tree(root, scheme + "://127.0.0.1:" + port);
  }

  /** Waits until the text tree has every one of {@code lines} ("key: value"), then returns it. */
  Map<String, String> await(String... lines) throws Exception {
    return TextLines.parse(
        root.awaitBody(
                url + "/",
                body -> {
                  for (String line : lines) {
                    if (!("\n" + body).contains("\n" + line + "\n")) {
                      return false;
                    }
                  }
                  return true;
                })
            .body);
  }

  /** Waits until no key of the tree starts with {@code prefix}. */
  Map<String, String> awaitGone(String prefix) throws Exception {
    return TextLines.parse(
        root.awaitBody(url + "/", body -> !("\n" + body).contains("\n" + prefix)).body);
  }
}
