package org.issastream.schemas.serde;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * {@link SpecificData} that resolves generated classes itself, only from a list of trusted packages.
 * Avro 1.12.2 refuses to load classes unless {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES} names
 * their package; resolving records, enums and fixed types here keeps the same protection (a writer
 * schema cannot make us instantiate an arbitrary class) without a JVM-wide flag.
 */
final class TrustedSpecificData extends SpecificData {
  private static final Object NONE = new Object();

  private final List<String> trustedPackages;
  private final Map<String, Object> classes = new ConcurrentHashMap<>();

  TrustedSpecificData(ClassLoader loader, List<String> trustedPackages) {
    super(loader);
    this.trustedPackages = List.copyOf(trustedPackages);
    addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    addLogicalTypeConversion(new TimeConversions.DateConversion());
    addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
    addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
    addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    addLogicalTypeConversion(new Conversions.DecimalConversion());
    addLogicalTypeConversion(new Conversions.UUIDConversion());
  }

  boolean trusted(String className) {
    for (String p : trustedPackages) {
      if (className.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class getClass(Schema schema) {
    switch (schema.getType()) {
      case RECORD:
      case ENUM:
      case FIXED:
        Object c = classes.computeIfAbsent(schema.getFullName(), n -> load(getClassName(schema)));
        return c == NONE ? null : (Class) c;
      default:
        return super.getClass(schema);
    }
  }

  private Object load(String className) {
    if (!trusted(className)) {
      return NONE;
    }
    try {
      return Class.forName(className, false, getClassLoader());
    } catch (ClassNotFoundException e) {
      return NONE;
    }
  }
}
