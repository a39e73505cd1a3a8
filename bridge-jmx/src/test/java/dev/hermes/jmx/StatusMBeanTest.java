package dev.hermes.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermes.api.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only {@code dev.hermes:type=Status} MBean, registered by the bridge. */
class StatusMBeanTest {
  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final StatusStore store = StatusStore.global();
  private final ObjectName name = StatusMBean.OBJECT_NAME;
  private final List<String> errors = new ArrayList<>();
  private JmxBridge bridge;

  /** How an MXBean client sees the Status MBean. */
  public interface StatusView {
    Map<String, String> getKeys();

    int getCount();
  }

  @BeforeEach
  void start() {
    store.report("test.status.a", "1", 0);
    store.report("test.status.b", "two words", 0);
    bridge = JmxBridge.open(settings());
    bridge.sampleNow();
  }

  @AfterEach
  void close() {
    bridge.close();
    store.removePrefix("test.");
  }

  @Test
  void keysAreTheSameAsTheStoreHolds() throws Exception {
    TabularData table = (TabularData) server.getAttribute(name, "Keys");

    Map<String, String> keys = new TreeMap<>();
    for (Object row : table.values()) {
      CompositeData data = (CompositeData) row;
      keys.put((String) data.get("key"), (String) data.get("value"));
    }
    Map<String, String> expected = new TreeMap<>();
    store.snapshot("").forEach((key, status) -> expected.put(key, status.value()));
    assertEquals(expected, keys);
    assertEquals("two words", keys.get("test.status.b"));
  }

  @Test
  void countIsTheNumberOfLiveKeys() throws Exception {
    assertEquals(store.snapshot("").size(), server.getAttribute(name, "Count"));
  }

  @Test
  void mxBeanProxyReadsKeysAsAMap() {
    StatusView view = JMX.newMXBeanProxy(server, name, StatusView.class);

    assertEquals("1", view.getKeys().get("test.status.a"));
  }

  @Test
  void refusesWrites() {
    assertThrows(
        AttributeNotFoundException.class,
        () -> server.setAttribute(name, new Attribute("Keys", null)));
  }

  @Test
  void hasNoOperationsAndOnlyReadableAttributes() throws Exception {
    var info = server.getMBeanInfo(name);

    assertEquals(0, info.getOperations().length);
    for (var attribute : info.getAttributes()) {
      assertFalse(attribute.isWritable(), attribute.getName());
    }
  }

  @Test
  void secondBridgeReportsTheNameIsTakenOnce() {
    JmxBridge second = JmxBridge.open(settings());
    try {
      second.sampleNow();
      second.sampleNow();
    } finally {
      second.close();
    }

    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).contains("already registered"), errors.get(0));
    assertTrue(server.isRegistered(name), "the first bridge's MBean stays");
  }

  @Test
  void closeUnregistersTheMBean() {
    bridge.close();

    assertFalse(server.isRegistered(name));
  }

  private JmxSettings settings() {
    return JmxSettings.builder().defaults(false).mbeanServer(server).errors(errors::add).build();
  }
}
