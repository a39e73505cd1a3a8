/** JMX attributes as Hermes keys. */
module dev.hermes.jmx {
  requires transitive dev.hermes.api;
  requires java.management;

  exports dev.hermes.jmx;
}
