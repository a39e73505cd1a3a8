package dev.hermes.jmx;

import dev.hermes.api.Status;
import dev.hermes.api.StatusStore;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfoSupport;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The read-only MBean {@code dev.hermes:type=Status}: {@code Keys}, every live key and its value
 * (the same as HTTP serves), and {@code Count}. {@code Keys} has the open type an MXBean gives a
 * {@code Map<String, String>}, so MXBean proxies read it as a map.
 */
final class StatusMBean implements DynamicMBean {
  static final String NAME = "dev.hermes:type=Status";
  private static final String MAP = "java.util.Map<java.lang.String, java.lang.String>";
  private static final CompositeType ROW;
  private static final TabularType TABLE;
  static final ObjectName OBJECT_NAME;

  static {
    try {
      OBJECT_NAME = new ObjectName(NAME);
      ROW =
          new CompositeType(
              MAP,
              MAP,
              new String[] {"key", "value"},
              new String[] {"key", "value"},
              new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING});
      TABLE = new TabularType(MAP, MAP, ROW, new String[] {"key"});
    } catch (OpenDataException | MalformedObjectNameException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final StatusStore store;

  StatusMBean(StatusStore store) {
    this.store = store;
  }

  /** Registers a Status MBean on {@code server}; returns false, told once, when it cannot. */
  static boolean register(MBeanServer server, StatusStore store, Problems problems) {
    try {
      server.registerMBean(new StatusMBean(store), OBJECT_NAME);
      return true;
    } catch (InstanceAlreadyExistsException e) {
      problems.once(
          "register",
          "JMX MBean " + NAME + " is already registered (a second Hermes?); this one is not");
    } catch (JMException | RuntimeException e) {
      problems.once(
          "register", "JMX MBean " + NAME + " was not registered: " + Problems.describe(e));
    }
    return false;
  }

  static void unregister(MBeanServer server, Problems problems) {
    try {
      server.unregisterMBean(OBJECT_NAME);
    } catch (InstanceNotFoundException alreadyGone) {
      // Someone unregistered it for us; nothing is left to do.
    } catch (JMException | RuntimeException e) {
      problems.tell("JMX MBean " + NAME + " was not unregistered: " + Problems.describe(e));
    }
  }

  @Override
  public Object getAttribute(String attribute) throws AttributeNotFoundException {
    switch (attribute) {
      case "Keys":
        return keys(store.snapshot(""));
      case "Count":
        return store.snapshot("").size();
      default:
        throw new AttributeNotFoundException(
            "No attribute [" + attribute + "] on " + NAME + "; it has Keys and Count");
    }
  }

  @Override
  public AttributeList getAttributes(String[] attributes) {
    AttributeList list = new AttributeList();
    for (String attribute : attributes) {
      try {
        list.add(new Attribute(attribute, getAttribute(attribute)));
      } catch (AttributeNotFoundException skipped) {
        // The JMX contract: attributes that cannot be read are left out of the list.
      }
    }
    return list;
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException(NAME + " is read-only; report keys through Hermes");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature)
      throws ReflectionException {
    throw new ReflectionException(
        new NoSuchMethodException(action), NAME + " has no operations; read Keys or Count");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return new OpenMBeanInfoSupport(
        StatusMBean.class.getName(),
        "Hermes status: every live key and its value, as served over HTTP",
        new OpenMBeanAttributeInfoSupport[] {
          new OpenMBeanAttributeInfoSupport(
              "Keys", "Every live key and its value", TABLE, true, false, false),
          new OpenMBeanAttributeInfoSupport(
              "Count", "How many live keys there are", SimpleType.INTEGER, true, false, false)
        },
        new OpenMBeanConstructorInfoSupport[0],
        new OpenMBeanOperationInfoSupport[0],
        new MBeanNotificationInfo[0]);
  }

  private static TabularData keys(Map<String, Status> snapshot) {
    TabularDataSupport table = new TabularDataSupport(TABLE);
    try {
      for (Map.Entry<String, Status> entry : snapshot.entrySet()) {
        table.put(
            new CompositeDataSupport(
                ROW,
                new String[] {"key", "value"},
                new Object[] {entry.getKey(), entry.getValue().value()}));
      }
    } catch (OpenDataException impossible) {
      throw new IllegalStateException(impossible);
    }
    return table;
  }
}
