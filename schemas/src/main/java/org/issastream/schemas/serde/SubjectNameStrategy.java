package org.issastream.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Chooses the registry subject of a record's schema. Names as in Confluent: {@code TopicNameStrategy}
 * (default, {@code <topic>-key|value}), {@code RecordNameStrategy} ({@code <record full name>}) and
 * {@code TopicRecordNameStrategy} ({@code <topic>-<record full name>}).
 */
@FunctionalInterface
public interface SubjectNameStrategy {

  String subjectName(String topic, boolean isKey, Schema schema);

  /** {@code <topic>-key} or {@code <topic>-value}: one schema family per topic. */
  SubjectNameStrategy TOPIC = (topic, isKey, schema) -> topic + (isKey ? "-key" : "-value");

  /** The record's full name: one schema family per record type, across topics. */
  SubjectNameStrategy RECORD = (topic, isKey, schema) -> schema.getFullName();

  /** {@code <topic>-<record full name>}: several record types per topic. */
  SubjectNameStrategy TOPIC_RECORD = (topic, isKey, schema) -> topic + "-" + schema.getFullName();

  /**
   * Resolves a configured name: the short names above, Confluent's fully qualified class names
   * ({@code io.confluent.kafka.serializers.subject.*}) or the name of a class implementing this
   * interface with a public no-arg constructor.
   */
  static SubjectNameStrategy forName(String name) {
    String simple = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    switch (simple) {
      case "topicnamestrategy": case "topic": return TOPIC;
      case "recordnamestrategy": case "record": return RECORD;
      case "topicrecordnamestrategy": case "topic_record": return TOPIC_RECORD;
      default: break;
    }
    try {
      Class<?> c = Class.forName(name, true, SubjectNameStrategy.class.getClassLoader());
      return (SubjectNameStrategy) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new ConfigException("Unknown subject name strategy '" + name
          + "': use TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy or a SubjectNameStrategy class");
    }
  }
}
