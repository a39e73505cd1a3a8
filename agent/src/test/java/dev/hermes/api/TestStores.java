package dev.hermes.api;

/**
 * Stores of their own for the agent's tests, apart from the global one that every other test (and
 * the background threads some leave) writes to.
 *
 * <p>{@code StatusStore store = TestStores.fresh();}
 */
public final class TestStores {
  private TestStores() {}

  /** An empty store on the system clock. */
  public static StatusStore fresh() {
    return new StatusStore(System::nanoTime);
  }

  /** An empty store on {@code clock}, e.g. an {@code AtomicLong::get} a test moves on by hand. */
  public static StatusStore at(java.util.function.LongSupplier clock) {
    return new StatusStore(clock);
  }
}
