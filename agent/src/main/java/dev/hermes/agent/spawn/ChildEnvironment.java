package dev.hermes.agent.spawn;

import java.util.Map;

/**
 * Tells a child where its parent is. Per-process settings that the child merely inherited from this
 * JVM's own environment ({@code HERMES_PORT}, {@code HERMES_NAME}) are dropped, so siblings never
 * clash on a port or share a name; values the spawner set itself are kept.
 */
final class ChildEnvironment {
  static final String PARENT = "HERMES_PARENT";
  static final String TOKEN = "HERMES_TOKEN";
  static final String NAME = "HERMES_NAME";
  static final String PORT = "HERMES_PORT";

  private ChildEnvironment() {}

  /** The name the spawner chose, or null when it set none (an inherited one does not count). */
  static String explicitName(Map<String, String> env, Map<String, String> own) {
    String name = env.get(NAME);
    return name == null || name.equals(own.get(NAME)) ? null : name;
  }

  /**
   * Points the child at {@code parentUrl} with {@code token} (a null url makes it a root); {@code
   * lineage} entries replace what the child inherited (null removes), {@code shared} entries are
   * added where the child has none.
   */
  static void apply(
      Map<String, String> env,
      Map<String, String> own,
      String parentUrl,
      String token,
      Map<String, String> lineage,
      Map<String, String> shared) {
    String name = env.get(NAME);
    if (name != null && name.equals(own.get(NAME))) {
      env.remove(NAME);
    }
    String port = env.get(PORT);
    if (port == null || port.equals(own.get(PORT))) {
      env.put(PORT, "0");
    }
    if (parentUrl == null) {
      env.remove(PARENT);
      env.remove(TOKEN);
      return;
    }
    env.put(PARENT, parentUrl);
    env.put(TOKEN, token);
    lineage.forEach(
        (k, v) -> {
          if (v == null) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
    shared.forEach(env::putIfAbsent);
  }
}
