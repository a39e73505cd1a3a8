package dev.hermes.agent.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a private copy of the JDK's HTTP server, and Hermes's {@code http} package that uses it,
 * from the runtime image: it works where the boot layer lacks {@code jdk.httpserver} (an app
 * launched with {@code -p ... -m app/app.Main}, without {@code --add-modules}), and keeps the
 * server's JVM-wide settings and loggers apart from the host's. Its {@code System.getLogger} calls
 * go to {@link QuietLogger}, so the copy never initialises {@code java.util.logging}.
 */
final class JdkHttpServerLoader extends ClassLoader {
  private static final String[] OWN = {
    "com.sun.net.httpserver.", "sun.net.httpserver.", "dev.hermes.agent.http."
  };

  static {
    registerAsParallelCapable();
  }

  private final Path module;

  JdkHttpServerLoader(ClassLoader parent) throws IOException {
    super("hermes-httpserver", parent);
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    this.module = jrt.getPath("/modules/jdk.httpserver");
    if (!Files.isDirectory(module)) {
      throw new IOException("this Java runtime has no jdk.httpserver module");
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isOwn(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    try {
      byte[] bytes =
          name.startsWith("dev.")
              ? fromParent(resource)
              : LoggerRewriter.rewrite(Files.readAllBytes(module.resolve(resource)));
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  private byte[] fromParent(String resource) throws IOException {
    try (InputStream in = getParent().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing " + resource);
      }
      return in.readAllBytes();
    }
  }

  private static boolean isOwn(String name) {
    for (String prefix : OWN) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
