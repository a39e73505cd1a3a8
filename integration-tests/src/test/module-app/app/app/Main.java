package app;

import dev.hermes.api.Hermes;

public final class Main {
  public static void main(String[] args) throws InterruptedException {
    Hermes.report("app.phase", "modular");
    System.out.println("module app ready");
    Thread.sleep(60_000);
  }
}
