package dev.hermes.agent.server;

import dev.hermes.agent.support.AgentJar;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads a private copy of the JDK's HTTP server, and Hermes's {@code http} package that uses it:
 * the JDK's classes from the runtime image, Hermes's from the agent jar. It works where the boot
 * layer lacks {@code jdk.httpserver} (an app launched with {@code -p ... -m app/app.Main}, without
 * {@code --add-modules}), and keeps the server's JVM-wide settings and loggers apart from the
 * host's ({@link ServerClassPatcher}).
 *
 * <p>The runtime image is read through the system {@link ModuleReader}, which an interrupt cannot
 * break (a {@code jrt:} file channel is closed by one: a worker interrupted by {@code shutdownNow}
 * while loading a class would fail with {@code NoClassDefFoundError}). Every class is defined in
 * the agent jar's protection domain, so under a SecurityManager the server has the agent's
 * permissions.
 */
final class JdkHttpServerLoader extends ClassLoader {
  private static final String[] OWN = {
    "com.sun.net.httpserver.", "sun.net.httpserver.", "dev.hermes.agent.http."
  };

  static {
    registerAsParallelCapable();
  }

  private final ModuleReader module;
  private final ProtectionDomain domain;
  // hermes.jar, read directly: through the parent's jar: URLs each class would cost a URL
  // connection and a growing buffer, and their first use spins a method-handle class. Null where
  // the agent's classes are not in a jar (its unit tests): then through the parent.
  private final ZipFile agentJar;

  JdkHttpServerLoader(ClassLoader parent) throws IOException {
    super("hermes-httpserver", parent);
    Optional<ModuleReference> httpserver = ModuleFinder.ofSystem().find("jdk.httpserver");
    if (httpserver.isEmpty()) {
      throw new IOException("this Java runtime has no jdk.httpserver module");
    }
    this.module = httpserver.get().open();
    this.domain = JdkHttpServerLoader.class.getProtectionDomain();
    this.agentJar = open(AgentJar.jar());
  }

  private static ZipFile open(Path jar) {
    try {
      return jar == null ? null : new ZipFile(jar.toFile());
    } catch (IOException | RuntimeException e) {
      return null;
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
              : ServerClassPatcher.patch(fromImage(resource));
      return defineClass(name, bytes, 0, bytes.length, domain);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  private byte[] fromImage(String resource) throws IOException {
    Optional<ByteBuffer> found = module.read(resource);
    if (found.isEmpty()) {
      throw new IOException("missing " + resource);
    }
    ByteBuffer buffer = found.get();
    try {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } finally {
      module.release(buffer);
    }
  }

  private byte[] fromParent(String resource) throws IOException {
    ZipEntry entry = agentJar == null ? null : agentJar.getEntry(resource);
    if (entry != null && entry.getSize() >= 0 && entry.getSize() < Integer.MAX_VALUE) {
      try (InputStream in = agentJar.getInputStream(entry)) {
        byte[] bytes = in.readNBytes((int) entry.getSize());
        if (bytes.length == entry.getSize()) {
          return bytes;
        }
      }
    }
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
