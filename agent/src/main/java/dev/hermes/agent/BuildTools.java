package dev.hermes.agent;

import java.util.Set;

/**
 * Mains of build tools and JDK tools that may inherit {@code JDK_JAVA_OPTIONS} from an instrumented
 * parent (a {@code mvn} or {@code gradle} script, a native-image builder): the agent stays out of
 * them entirely, so they are neither slowed nor changed.
 */
final class BuildTools {
  private static final Set<String> MAINS =
      Set.of(
          "org.codehaus.plexus.classworlds.launcher.Launcher",
          "org.apache.maven.wrapper.MavenWrapperMain",
          "org.gradle.wrapper.GradleWrapperMain",
          "org.gradle.launcher.GradleMain",
          "org.gradle.launcher.daemon.bootstrap.GradleDaemon",
          "worker.org.gradle.process.internal.worker.GradleWorkerMain",
          "com.oracle.svm.hosted.NativeImageGeneratorRunner",
          "com.oracle.svm.driver.NativeImage",
          "com.sun.tools.javac.Main",
          "jdk.compiler/com.sun.tools.javac.Main",
          "sun.tools.jar.Main",
          "jdk.jartool/sun.tools.jar.Main",
          "sun.security.tools.keytool.Main",
          "java.base/sun.security.tools.keytool.Main",
          "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider",
          "xsbt.boot.Boot",
          "sbt.xMain");

  private BuildTools() {}

  static boolean isBuildTool(String main) {
    return MAINS.contains(main);
  }
}
