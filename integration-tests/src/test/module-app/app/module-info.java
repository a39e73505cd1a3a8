module app {
  requires dev.hermes.api;
}
