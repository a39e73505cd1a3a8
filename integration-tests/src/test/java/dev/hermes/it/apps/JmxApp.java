package dev.hermes.it.apps;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * A legacy app with an MBean of its own, {@code app:type=Queue,name=orders}, and no Hermes code.
 */
public final class JmxApp {
  private JmxApp() {}

  /** The app's MBean interface. */
  public interface QueueMBean {
    int getDepth();

    CompositeData getStats() throws OpenDataException;
  }

  /** The app's MBean. */
  public static final class Queue implements QueueMBean {
    @Override
    public int getDepth() {
      return 42;
    }

    @Override
    public CompositeData getStats() throws OpenDataException {
      CompositeType type =
          new CompositeType(
              "Stats",
              "queue stats",
              new String[] {"count", "oldest"},
              new String[] {"messages", "oldest message"},
              new OpenType<?>[] {SimpleType.LONG, SimpleType.STRING});
      return new CompositeDataSupport(
          type, new String[] {"count", "oldest"}, new Object[] {7L, "m-1"});
    }
  }

  public static void main(String[] args) throws Exception {
    Thread.sleep(300); // registered after the agent started: a late MBean, as app servers do
    ManagementFactory.getPlatformMBeanServer()
        .registerMBean(new Queue(), new ObjectName("app:type=Queue,name=orders"));
    System.out.println("jmx app ready");
    Thread.sleep(60_000);
  }
}
