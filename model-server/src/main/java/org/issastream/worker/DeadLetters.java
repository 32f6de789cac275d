package org.issastream.worker;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records: the original key and value bytes, the original headers, and the reason in
 * {@code issa.error.*} headers plus the source coordinates in {@code issa.source.*}.
 */
public final class DeadLetters {
  public static final String ERROR_CLASS = "issa.error.class";
  public static final String ERROR_MESSAGE = "issa.error.message";
  public static final String ERROR_STAGE = "issa.error.stage";
  public static final String SOURCE_TOPIC = "issa.source.topic";
  public static final String SOURCE_PARTITION = "issa.source.partition";
  public static final String SOURCE_OFFSET = "issa.source.offset";
  private static final int MAX_MESSAGE = 2000;

  private DeadLetters() {}

  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, ConsumerRecord<byte[], byte[]> in,
      String stage, String errorClass, String message) {
    RecordHeaders h = new RecordHeaders();
    for (Header header : in.headers()) {
      h.add(header);
    }
    String msg = message == null ? "" : message;
    if (msg.length() > MAX_MESSAGE) {
      msg = msg.substring(0, MAX_MESSAGE) + "...";
    }
    h.add(ERROR_CLASS, utf8(errorClass));
    h.add(ERROR_MESSAGE, utf8(msg));
    h.add(ERROR_STAGE, utf8(stage));
    h.add(SOURCE_TOPIC, utf8(in.topic()));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(in.partition())));
    h.add(SOURCE_OFFSET, utf8(Long.toString(in.offset())));
    return new ProducerRecord<>(dlqTopic, null, in.key(), in.value(), h);
  }

  public static String header(Iterable<Header> headers, String key) {
    String v = null;
    for (Header h : headers) {
      if (h.key().equals(key)) {
        v = new String(h.value(), StandardCharsets.UTF_8);
      }
    }
    return v;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
