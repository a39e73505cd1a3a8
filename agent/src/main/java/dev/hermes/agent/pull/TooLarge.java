package dev.hermes.agent.pull;

import java.io.IOException;

/** A pulled child's answer beyond the size budget: cut off there, not read further. */
final class TooLarge extends IOException {
  TooLarge(String message) {
    super(message);
  }
}
