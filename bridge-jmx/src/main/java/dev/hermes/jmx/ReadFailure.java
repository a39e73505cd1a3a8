package dev.hermes.jmx;

/** Why an attribute could not be read, as one line; carries no stack trace, as none is shown. */
final class ReadFailure extends Exception {
  private static final long serialVersionUID = 1L;

  ReadFailure(String message) {
    super(message, null, false, false);
  }
}
