package dev.hermes.jmx;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file systems this process uses, found once: its working directory's, its temp directory's,
 * and those of its class path and module path. For each, under {@code os.fs.<mount>.}: {@code
 * mount} (the mount point), {@code total_bytes}, {@code free_bytes} (what this process may still
 * use, {@code df}'s "Avail") and {@code used_bytes} (the total less what is unallocated, {@code
 * df}'s "Used"). {@code <mount>} is the mount point as a key segment: {@code /} is {@code root},
 * {@code /var/lib} {@code var_lib}, {@code C:\} {@code C}; a second file system whose segment is
 * taken gets {@code _2}.
 */
final class FileSystemSource implements Source {
  /** Distinct directories of the class path looked at, at most: a huge class path costs no more. */
  static final int MAX_DIRECTORIES = 64;

  private final Map<String, Mounted> stores;

  FileSystemSource(List<Path> paths) {
    this.stores = find(paths);
  }

  /** The paths of this process: its working and temp directories, class path and module path. */
  static List<Path> ofThisProcess() {
    List<Path> paths = new ArrayList<>();
    add(paths, System.getProperty("user.dir"));
    add(paths, System.getProperty("java.io.tmpdir"));
    for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        for (String entry : value.split(File.pathSeparator)) {
          add(paths, entry);
        }
      }
    }
    return paths;
  }

  private static void add(List<Path> paths, String path) {
    if (path == null || path.isEmpty()) {
      return;
    }
    try {
      paths.add(Path.of(path).toAbsolutePath());
    } catch (RuntimeException invalid) {
      // not a path of this file system: nothing to look at
    }
  }

  /** The file systems of {@code paths}, by key segment, in the order first met. */
  private static Map<String, Mounted> find(List<Path> paths) {
    Map<String, Mounted> found = new LinkedHashMap<>();
    Set<Path> directories = new HashSet<>();
    Set<String> mounts = new HashSet<>();
    for (Path path : paths) {
      // A class path entry is a jar or a directory: its directory stands for it.
      Path directory = Files.isDirectory(path) ? path : path.getParent();
      if (directory == null
          || !directories.add(directory)
          || directories.size() > MAX_DIRECTORIES) {
        continue;
      }
      try {
        FileStore store = Files.getFileStore(directory);
        String mount = mountPoint(store, directory);
        if (mounts.add(mount)) {
          String segment = segment(mount);
          String unique = segment;
          for (int n = 2; found.containsKey(unique); n++) {
            unique = segment + "_" + n;
          }
          found.put(unique, new Mounted(mount, store));
        }
      } catch (IOException | RuntimeException e) {
        // gone, or not ours to look at: nothing to say of it
      }
    }
    return found;
  }

  /**
   * Where {@code store} is mounted: on Unix its {@code toString()} is "mount point (name)"; else
   * the highest directory above {@code path} still on it.
   */
  static String mountPoint(FileStore store, Path path) throws IOException {
    String text = store.toString();
    String suffix = " (" + store.name() + ")";
    if (text.endsWith(suffix) && text.startsWith("/")) {
      return text.substring(0, text.length() - suffix.length());
    }
    Path top = path;
    for (Path up = path.getParent(); up != null; up = up.getParent()) {
      if (!Files.getFileStore(up).equals(store)) {
        break;
      }
      top = up;
    }
    return top.toString();
  }

  /** A mount point as a key segment: {@code /} is {@code root}. */
  static String segment(String mount) {
    String segment = KeySanitizer.segment(mount);
    return segment.equals("_") ? "root" : segment;
  }

  @Override
  public void read(Map<String, String> out) {
    for (Map.Entry<String, Mounted> e : stores.entrySet()) {
      String prefix = "os.fs." + e.getKey() + ".";
      FileStore store = e.getValue().store;
      try {
        long total = store.getTotalSpace();
        long free = store.getUsableSpace();
        long unallocated = store.getUnallocatedSpace();
        out.put(prefix + "mount", e.getValue().mount);
        out.put(prefix + "total_bytes", Long.toString(total));
        out.put(prefix + "free_bytes", Long.toString(free));
        out.put(prefix + "used_bytes", Long.toString(Math.max(0, total - unallocated)));
      } catch (IOException | RuntimeException gone) {
        // unmounted since: its keys go with the next sample
      }
    }
  }

  /** The file systems found, by key segment: for tests. */
  Map<String, String> mounts() {
    Map<String, String> mounts = new LinkedHashMap<>();
    stores.forEach((segment, mounted) -> mounts.put(segment, mounted.mount));
    return mounts;
  }

  private static final class Mounted {
    final String mount;
    final FileStore store;

    Mounted(String mount, FileStore store) {
      this.mount = mount;
      this.store = store;
    }
  }
}
