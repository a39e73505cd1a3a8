package dev.hermes.jmx;

/**
 * Turns a JMX name (a collector, a pool, an ObjectName property value) into one key segment: every
 * character outside {@code [A-Za-z0-9_]} becomes '_', runs of '_' collapse to one, leading and
 * trailing '_' go, and an empty result is "_". So "G1 Young Generation" is "G1_Young_Generation".
 */
final class KeySanitizer {
  private KeySanitizer() {}

  static String segment(String name) {
    if (name == null) {
      return "_";
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean gap = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isLetterOrDigit(c)) {
        if (gap && out.length() > 0) {
          out.append('_');
        }
        gap = false;
        out.append(c);
      } else {
        gap = true;
      }
    }
    return out.length() == 0 ? "_" : out.toString();
  }

  static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
