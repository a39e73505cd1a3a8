package dev.hermes.it.apps;

import dev.hermes.api.Hermes;
import java.time.Duration;

/** An app that reports through the api, then sleeps: {@code ApiApp [sleepMillis]}. */
public final class ApiApp {
  private ApiApp() {}

  public static void main(String[] args) throws InterruptedException {
    Hermes.report("app.phase", "working");
    Hermes.report("app.beat", "ok", Duration.ofSeconds(60));
    Hermes.report("app.flash", "soon gone", Duration.ofMillis(1500));
    Hermes.report("app.note", "line one\nforged: yes");
    try {
      Hermes.report("bad/key", "x");
    } catch (IllegalArgumentException expected) {
      System.out.println("rejected: " + expected.getMessage());
    }
    System.out.println("api app ready");
    Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 60_000);
  }
}
