package dev.hermes.agent.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PidTest {
  @Test
  void isThisProcesssId() {
    assertEquals(ProcessHandle.current().pid(), Pid.current());
  }
}
