package dev.hermes.it.apps;

import dev.hermes.api.Hermes;

/** Reports {@code tick} every 100 ms until its parent dies: a steady stream of changes. */
public final class TickApp {
  private TickApp() {}

  public static void main(String[] args) throws Exception {
    for (long tick = 0;
        ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false);
        tick++) {
      Hermes.report("tick", Long.toString(tick));
      Thread.sleep(100);
    }
  }
}
