package dev.hermes.jmx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;

/** A real MBean for tests whose attributes are whatever the test says, counting each read. */
final class FakeMBean implements DynamicMBean {
  private final Map<String, Callable<Object>> attributes = new LinkedHashMap<>();
  final AtomicInteger reads = new AtomicInteger();

  FakeMBean with(String attribute, Object value) {
    attributes.put(attribute, () -> value);
    return this;
  }

  FakeMBean computing(String attribute, Callable<Object> value) {
    attributes.put(attribute, value);
    return this;
  }

  @Override
  public Object getAttribute(String attribute)
      throws AttributeNotFoundException, MBeanException, ReflectionException {
    reads.incrementAndGet();
    Callable<Object> value = attributes.get(attribute);
    if (value == null) {
      throw new AttributeNotFoundException(attribute);
    }
    try {
      return value.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MBeanException(e);
    }
  }

  @Override
  public void setAttribute(Attribute attribute) {
    throw new UnsupportedOperationException();
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    return new AttributeList();
  }

  @Override
  public AttributeList setAttributes(AttributeList list) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    MBeanAttributeInfo[] infos =
        attributes.keySet().stream()
            .map(a -> new MBeanAttributeInfo(a, Object.class.getName(), a, true, false, false))
            .toArray(MBeanAttributeInfo[]::new);
    return new MBeanInfo(FakeMBean.class.getName(), "test", infos, null, null, null);
  }
}
