/** A JVM that never starts a process: prints the marker line and exits. */
public final class Hello {
  public static void main(String[] args) {
    System.out.println("hello, world");
  }
}
