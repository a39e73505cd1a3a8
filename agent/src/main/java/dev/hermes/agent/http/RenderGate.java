package dev.hermes.agent.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many large status answers are read and rendered at once. A large answer (more than {@link
 * #LARGE} keys, e.g. the whole tree of a root with thousands of children) costs the CPU for as long
 * as it is written and keeps a reference to each of its keys (16 bytes a key) until then; a small
 * one (a child's keys, a few hundred) costs next to nothing and never waits here. A read that
 * reaches its {@code LARGE}-th key waits up to a moment for a slot; if none frees, the request is
 * answered {@code 503} with {@code Retry-After}, so many scrapers at once slow no one's pushes and
 * cannot fill the heap.
 *
 * <p>{@code if (!gate.enter()) // 503; ... finally { gate.leave(); }}
 */
final class RenderGate {
  /** The most keys an answer may have without a slot. */
  static final int LARGE = 10_000;

  /** Seconds a refused client is told to wait. */
  static final int RETRY_AFTER_SECONDS = 1;

  /** The gate of every status route of this JVM: two large answers at once, a second to wait. */
  static final RenderGate SHARED = new RenderGate(2, 1000);

  private final int slots;
  private final Semaphore free;
  private final long waitMillis;

  RenderGate(int slots, long waitMillis) {
    this.slots = slots;
    this.free = new Semaphore(slots, true);
    this.waitMillis = waitMillis;
  }

  /** Takes a slot, waiting up to the gate's moment; false if none freed (or interrupted). */
  boolean enter() {
    try {
      return free.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
      return false;
    }
  }

  /** Gives back a slot taken by {@link #enter}. */
  void leave() {
    free.release();
  }

  /** How many large answers may be under way at once. */
  int slots() {
    return slots;
  }
}
