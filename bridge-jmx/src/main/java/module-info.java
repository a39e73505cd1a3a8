/** JMX attributes as Hermes keys. */
module dev.hermes.jmx {
  requires transitive dev.hermes.api;
  requires java.management;
  // Only for the OS bean's extras (HotspotOs), read where the JVM has it.
  requires static jdk.management;

  exports dev.hermes.jmx;
}
