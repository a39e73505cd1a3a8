package dev.hermes.agent.config;

import dev.hermes.agent.support.Words;
import dev.hermes.api.Keys;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A child this parent pulls, as the operator gives it in {@code children=} or a line of {@code
 * childrenFile=}: {@code name=url}, then for an {@code https} URL optionally {@code ca=FILE} (trust
 * the certificates of that PEM file as authorities, the host name checked) or {@code cert=FILE}
 * (trust exactly that certificate, as a child pins its parent's); without either, the JDK's trust
 * store. Loaded only when one of those settings is set.
 *
 * <p>{@code PulledChild.parse("child3=https://10.0.0.3:9094 cert=/etc/hermes/child3.pem", null)}
 */
public final class PulledChild {
  /** The least pull interval, in milliseconds. */
  public static final long MIN_INTERVAL_MILLIS = 500;

  private final String name;
  private final URI url;
  private final Path trust;
  private final boolean pinned;
  private final String entry;

  private PulledChild(String name, URI url, Path trust, boolean pinned, String entry) {
    this.name = name;
    this.url = url;
    this.trust = trust;
    this.pinned = pinned;
    this.entry = entry;
  }

  /** The name its keys go under at this parent. */
  public String name() {
    return name;
  }

  /** The URL pulled with {@code GET}. */
  public URI url() {
    return url;
  }

  /** The PEM file trusted over HTTPS ({@code ca=} or {@code cert=}), or null: the JDK's store. */
  public Path trust() {
    return trust;
  }

  /** Whether {@link #trust} is a pinned certificate ({@code cert=}): no host name check then. */
  public boolean pinned() {
    return pinned;
  }

  /** The entry as given, to tell a changed one from the same. */
  public String entry() {
    return entry;
  }

  /**
   * The children of {@code children=}: entries separated by {@code |} or {@code ,} (a {@code ,}
   * ends the setting in the agent argument, so there use {@code |}); each named once.
   */
  public static List<PulledChild> parseList(String value) throws ConfigException {
    List<PulledChild> children = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String part : value.split("[|,]")) {
      if (part.isBlank()) {
        continue;
      }
      PulledChild child = parse(part, null);
      if (!names.add(child.name)) {
        throw new ConfigException(
            "invalid " + Contract.CHILDREN + ": child [" + child.name + "] is named twice");
      }
      children.add(child);
    }
    if (children.isEmpty()) {
      throw new ConfigException(
          "invalid "
              + Contract.CHILDREN
              + " ["
              + value
              + "]: use name=url pairs separated by '|', e.g."
              + " child3=http://10.0.0.3:9094|child4=http://10.0.0.4:9095");
    }
    return List.copyOf(children);
  }

  /**
   * One entry, {@code name=url [ca=FILE|cert=FILE]} ({@code name = url} too, as a file's line may
   * give it); a relative file is taken beside {@code base} (the children file), when given.
   */
  public static PulledChild parse(String entry, Path base) throws ConfigException {
    String text = entry.trim().replaceFirst("^([^=\\s]+)\\s*=\\s*", "$1=");
    List<String> words;
    try {
      words = Words.split(text);
    } catch (IllegalArgumentException e) {
      throw invalid(entry, e.getMessage());
    }
    if (words.isEmpty()) {
      throw invalid(entry, "it is empty");
    }
    String first = words.get(0);
    int eq = first.indexOf('=');
    if (eq <= 0) {
      throw invalid(entry, "use name=url");
    }
    String name = first.substring(0, eq);
    if (!Keys.isValid(name)) {
      throw invalid(entry, "the name [" + name + "] is not a key: use letters, digits, '_', '.'");
    }
    URI url;
    try {
      url = new URI(first.substring(eq + 1));
    } catch (URISyntaxException e) {
      throw invalid(entry, "the URL is not one: " + e.getMessage());
    }
    boolean https = "https".equals(url.getScheme());
    if (!(https || "http".equals(url.getScheme())) || url.getHost() == null) {
      throw invalid(entry, "use an http(s) URL, e.g. http://10.0.0.3:9094");
    }
    Path trust = null;
    boolean pinned = false;
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      int at = w.indexOf('=');
      String option = at > 0 ? w.substring(0, at) : w;
      if (at <= 0 || !(option.equals(Contract.PULL_CA) || option.equals(Contract.PULL_CERT))) {
        throw invalid(
            entry,
            "unknown option ["
                + w
                + "]: use "
                + Contract.PULL_CA
                + "=FILE or "
                + Contract.PULL_CERT
                + "=FILE");
      }
      if (trust != null) {
        throw invalid(entry, "give one of " + Contract.PULL_CA + "= and " + Contract.PULL_CERT);
      }
      if (!https) {
        throw invalid(entry, option + "= is for an https URL");
      }
      trust = Words.besides(base, w.substring(at + 1));
      pinned = option.equals(Contract.PULL_CERT);
    }
    return new PulledChild(name, url, trust, pinned, text);
  }

  private static ConfigException invalid(String entry, String why) {
    return new ConfigException(
        "invalid " + Contract.CHILDREN + " entry [" + entry.trim() + "]: " + why);
  }
}
