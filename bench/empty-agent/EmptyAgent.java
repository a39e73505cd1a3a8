import java.lang.instrument.Instrumentation;

/** The baseline agent: {@code -javaagent:empty-agent.jar} costs what any agent costs, no more. */
public final class EmptyAgent {
  public static void premain(String args, Instrumentation inst) {}
}
