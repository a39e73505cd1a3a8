package dev.hermes.it.apps;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * An app that lists and stores its system properties, as diagnostics code often does, after
 * everything that makes the agent install its hooks has happened: its endpoint is up, a process was
 * started and the platform MBeanServer was asked for. Prints {@code listed} and {@code stored}.
 */
public final class PropertiesApp {
  private PropertiesApp() {}

  public static void main(String[] args) throws Exception {
    while (System.getProperty("hermes.url") == null) {
      Thread.sleep(50);
    }
    new ProcessBuilder("true").start().waitFor();
    ManagementFactory.getPlatformMBeanServer();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.getProperties().list(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.out.println("listed " + out.size());
    out.reset();
    System.getProperties().store(out, "all");
    System.out.println("stored " + out.size());
    System.out.println("names " + System.getProperties().stringPropertyNames().size());
  }
}
