/** Report status keys from code: {@code Hermes.report("runner.status", "running")}. */
module dev.hermes.api {
  exports dev.hermes.api;
}
