package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real parsers of the Prometheus formats, run on exposition text: {@code promtool check metrics}
 * (Debian's {@code prometheus} package) and the Python client's text and OpenMetrics parsers
 * ({@code python3-prometheus-client}). A missing parser fails the test: it is a requirement.
 */
final class ExpositionParsers {
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private static final String PARSE =
      "import sys, json\n"
          + "if sys.argv[1] == 'openmetrics':\n"
          + "    from prometheus_client.openmetrics.parser import text_string_to_metric_families\n"
          + "else:\n"
          + "    from prometheus_client.parser import text_string_to_metric_families\n"
          + "text = sys.stdin.buffer.read().decode('utf-8')\n"
          + "out = []\n"
          + "for f in text_string_to_metric_families(text):\n"
          + "    for s in f.samples:\n"
          + "        out.append({'type': f.type, 'name': s.name, 'labels': s.labels,"
          + " 'value': s.value})\n"
          + "sys.stdout.write(json.dumps(out))\n";

  private ExpositionParsers() {}

  /** promtool's verdict: its exit code and what it printed (problems, one a line). */
  static Result promtool(String exposition) throws Exception {
    assertTrue(
        Files.isExecutable(PROMTOOL),
        "promtool is missing: install it with 'apt-get install -y prometheus' (.ci/run does)");
    return run(List.of(PROMTOOL.toString(), "check", "metrics"), exposition);
  }

  /** The samples the Python client parses from {@code exposition}; fails if it cannot. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> python(String exposition, boolean openMetrics) throws Exception {
    Result check = run(List.of(PYTHON.toString(), "-c", "import prometheus_client"), "");
    assertEquals(
        0,
        check.exit,
        "the Python Prometheus client is missing: install it with"
            + " 'apt-get install -y python3-prometheus-client' (.ci/run does); "
            + check.output);
    Result parsed =
        run(
            List.of(PYTHON.toString(), "-c", PARSE, openMetrics ? "openmetrics" : "text"),
            exposition);
    assertEquals(0, parsed.exit, "the parser refused the exposition: " + parsed.output);
    return (List<Map<String, Object>>) Json.parse(parsed.output);
  }

  private static Result run(List<String> command, String stdin) throws Exception {
    Path in = Temp.file("hermes-exposition", ".txt");
    Path out = Temp.file("hermes-parser", ".txt");
    try {
      Files.writeString(in, stdin, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectErrorStream(true)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command.get(0) + " did not finish within 30 s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(out);
    }
  }

  static final class Result {
    final int exit;
    final String output;

    Result(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }
}
