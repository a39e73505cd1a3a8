import com.sun.management.UnixOperatingSystemMXBean;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor of issue 17: the least an agent can do and still do what Hermes's defaults must —
 * serve a JVM's status over the JDK's own HTTP server on loopback, and read the JMX defaults
 * (memory, threads, GC, CPU, OS with the HotSpot extras, runtime, class loading, the working
 * directory's file system) through {@code ManagementFactory}, the first time 2 s after premain,
 * then every 10 s. No store, no TTLs, no hooks, no settings, no private class loader, no
 * children, no errors handled: a lower bound, not a product. Written without lambdas or string
 * concatenation through {@code invokedynamic} (compiled with {@code -XDstringConcat=inline}), so
 * that it spins no classes at run time.
 *
 * <p>Arguments: {@code port=N} and any of {@code http}, {@code jmx}, comma-separated.
 */
public final class FloorAgent {
  static final Map<String, String> STATUS = new ConcurrentHashMap<String, String>();

  public static void premain(String args, Instrumentation inst) {
    int port = 0;
    boolean http = false;
    boolean jmx = false;
    for (String word : (args == null ? "" : args).split(",")) {
      if (word.startsWith("port=")) {
        port = Integer.parseInt(word.substring(5));
      } else if (word.equals("http")) {
        http = true;
      } else if (word.equals("jmx")) {
        jmx = true;
      }
    }
    final int thePort = port;
    final boolean withHttp = http;
    final boolean withJmx = jmx;
    Thread thread =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                try {
                  if (withHttp) {
                    serve(thePort);
                  }
                  if (withJmx) {
                    Thread.sleep(2000);
                    while (true) {
                      sample();
                      Thread.sleep(10000);
                    }
                  }
                } catch (Exception e) {
                  System.err.println("[floor] " + e);
                }
              }
            },
            "floor");
    thread.setDaemon(true);
    thread.start();
  }

  static void serve(int port) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server.createContext(
        "/",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws java.io.IOException {
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, String> e : new TreeMap<String, String>(STATUS).entrySet()) {
              text.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            out.close();
          }
        });
    server.start();
  }

  static void sample() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    put("jvm.heap", memory.getHeapMemoryUsage());
    put("jvm.nonheap", memory.getNonHeapMemoryUsage());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    put("jvm.threads.live", threads.getThreadCount());
    put("jvm.threads.daemon", threads.getDaemonThreadCount());
    put("jvm.threads.peak", threads.getPeakThreadCount());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      put("jvm.gc." + gc.getName() + ".count", gc.getCollectionCount());
      put("jvm.gc." + gc.getName() + ".time", gc.getCollectionTime());
    }
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    put("os.cpus", os.getAvailableProcessors());
    put("os.load", Double.toString(os.getSystemLoadAverage()));
    if (os instanceof UnixOperatingSystemMXBean) {
      UnixOperatingSystemMXBean unix = (UnixOperatingSystemMXBean) os;
      put("process.cpu", unix.getProcessCpuTime());
      put("os.cpu", Double.toString(unix.getSystemCpuLoad()));
      put("os.memory.total", unix.getTotalPhysicalMemorySize());
      put("os.memory.free", unix.getFreePhysicalMemorySize());
      put("process.fds.open", unix.getOpenFileDescriptorCount());
      put("process.fds.max", unix.getMaxFileDescriptorCount());
    }
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    put("jvm.uptime", runtime.getUptime());
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    put("jvm.classes.loaded", classes.getLoadedClassCount());
    FileStore store = Files.getFileStore(Paths.get("").toAbsolutePath());
    put("fs.free", store.getUsableSpace());
    put("fs.total", store.getTotalSpace());
  }

  static void put(String key, MemoryUsage usage) {
    put(key + ".used", usage.getUsed());
    put(key + ".committed", usage.getCommitted());
    put(key + ".max", usage.getMax());
  }

  static void put(String key, long value) {
    STATUS.put(key, Long.toString(value));
  }

  static void put(String key, String value) {
    STATUS.put(key, value);
  }
}
