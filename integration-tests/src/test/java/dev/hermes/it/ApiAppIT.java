package dev.hermes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** Apps that report through the api, on the class path and on the module path. */
class ApiAppIT {
  @Test
  void classPathAppKeysAppearInTextAndJson() throws Exception {
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    try (Started app =
        Jvm.withAgent("port=" + port)
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.ApiApp")
            .start()) {
      Map<String, String> text =
          TextLines.parse(app.awaitBody(url, b -> b.contains("app.phase")).body);
      assertEquals("working", text.get("app.phase"));
      assertEquals("line one\\nforged: yes", text.get("app.note"));
      assertNull(text.get("forged"), "a value cannot forge a line");

      Map<String, Map<String, Object>> json = Json.tree(Http.get(url + "/?type=json").body);
      assertEquals("line one\nforged: yes", json.get("app.note").get("value"));
      assertEquals(new BigDecimal("60"), json.get("app.beat").get("ttl"));
      assertFalse(json.get("app.phase").containsKey("ttl"));
      assertTrue(
          app.stdout()
              .contains(
                  "rejected: Invalid key [bad/key]: '/' is reserved for child namespaces; use '.'"));
    }
  }

  @Test
  void keyDisappearsFromTheEndpointWhenItsTtlRunsOut() throws Exception {
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    try (Started app =
        Jvm.withAgent("port=" + port)
            .classPath(Jvm.apps(), Jvm.apiJar().toString())
            .main("dev.hermes.it.apps.ApiApp")
            .start()) {
      app.awaitBody(url, b -> b.contains("app.phase"));
      Map<String, String> after =
          TextLines.parse(app.awaitBody(url, b -> !b.contains("app.flash")).body);
      assertEquals("working", after.get("app.phase"));
      assertEquals("ok", after.get("app.beat"));
    }
  }

  @Test
  void modulePathAppWorksWithoutAddModules() throws Exception {
    Path out = compileModuleApp();
    int port = Jvm.freePort();
    String url = "http://127.0.0.1:" + port;
    try (Started app =
        Jvm.withAgent("port=" + port)
            .modulePath(Jvm.apiJar() + java.io.File.pathSeparator + out)
            .main("app/app.Main")
            .start()) {
      // The app may report before the agent's start-up thread has written the process keys.
      Map<String, String> text =
          TextLines.parse(
              app.awaitBody(url, b -> b.contains("app.phase") && b.contains("process.main")).body);
      assertEquals("modular", text.get("app.phase"));
      assertEquals("app/app.Main", text.get("process.main"));
      assertEquals("running", text.get("status"));
      assertEquals("", app.stderr());
    }
  }

  static Path compileModuleApp() throws Exception {
    Path src = Path.of(System.getProperty("hermes.module.src"));
    Path out = Temp.dir("hermes-module-app");
    List<String> args =
        new ArrayList<>(List.of("--release", "11", "-d", out.resolve("app").toString()));
    args.addAll(List.of("-p", Jvm.apiJar().toString()));
    try (Stream<Path> files = Files.walk(src.resolve("app"))) {
      args.addAll(
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(Path::toString)
              .collect(Collectors.toList()));
    }
    int rc =
        ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0]));
    assertEquals(0, rc, "module app compiles");
    return out;
  }
}
