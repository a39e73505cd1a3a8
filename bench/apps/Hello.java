/** The hello-world whose wall time measures what an agent adds to a JVM's start and exit. */
public final class Hello {
  public static void main(String[] args) {
    System.out.println("hello, world");
  }
}
