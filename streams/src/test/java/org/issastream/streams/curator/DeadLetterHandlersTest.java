package org.issastream.streams.curator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

  static final Map<String, Object> CONF =
      Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "style.codes.dlq");

  static String h(ProducerRecord<byte[], byte[]> r, String k) {
    return new String(r.headers().lastHeader(k).value(), StandardCharsets.UTF_8);
  }

  static ErrorHandlerContext ctx(byte[] key, byte[] value) {
    return new ErrorHandlerContext() {
      public String topic() { return "style.codes"; }
      public int partition() { return 2; }
      public long offset() { return 41; }
      public org.apache.kafka.common.header.Headers headers() {
        return new RecordHeaders().add("trace", "t1".getBytes(StandardCharsets.UTF_8));
      }
      public String processorNodeId() { return CuratorTopology.VALIDATE; }
      public TaskId taskId() { return new TaskId(0, 2); }
      public long timestamp() { return 0; }
      public byte[] sourceRawKey() { return key; }
      public byte[] sourceRawValue() { return value; }
    };
  }

  @Test
  void undeserializableBytesAreDeadLetteredUnchangedAndProcessingContinues() {
    byte[] key = "img-9".getBytes(StandardCharsets.UTF_8);
    byte[] value = {0, 0, 0, 0, 7, 42};
    var rec = new ConsumerRecord<>("style.codes", 2, 41L, 0L, TimestampType.CREATE_TIME, 5, 6, key,
        value, new RecordHeaders(), Optional.empty());
    var handler = new DeadLetterHandlers.Deserialization();
    handler.configure(CONF);
    var resp = handler.handleError(ctx(key, value), rec, new SerializationException("unknown schema id 7"));
    assertEquals(DeserializationExceptionHandler.Result.RESUME, resp.result());
    ProducerRecord<byte[], byte[]> dead = resp.deadLetterQueueRecords().get(0);
    assertEquals("style.codes.dlq", dead.topic());
    assertArrayEquals(key, dead.key());
    assertArrayEquals(value, dead.value());
    assertEquals("deserialization", h(dead, DeadLetterHandlers.H_REASON));
    assertEquals("curator.deserialize", h(dead, DeadLetterHandlers.H_STAGE));
    assertEquals("41", h(dead, DeadLetterHandlers.H_OFFSET));
    assertEquals("2", h(dead, DeadLetterHandlers.H_PARTITION));
    assertTrue(h(dead, DeadLetterHandlers.H_MESSAGE).contains("schema id 7"));
  }

  @Test
  void onlyInvalidCodesAreDeadLetteredOtherProcessingErrorsFail() {
    var handler = new DeadLetterHandlers.Processing();
    handler.configure(CONF);
    byte[] v = {1, 2, 3};
    var invalid = handler.handleError(ctx(null, v), new Record<>("k", "v", 0L),
        new InvalidStyleCodeException(org.issastream.streams.curator.policy.RejectReason.SHAPE_MISMATCH, "1x8"));
    assertEquals(ProcessingExceptionHandler.Result.RESUME, invalid.result());
    ProducerRecord<byte[], byte[]> dead = invalid.deadLetterQueueRecords().get(0);
    assertArrayEquals(v, dead.value());
    assertEquals("shape-mismatch", h(dead, DeadLetterHandlers.H_REASON));
    assertEquals("t1", h(dead, "trace"), "original headers are kept");
    var bug = handler.handleError(ctx(null, v), new Record<>("k", "v", 0L), new IllegalStateException("bug"));
    assertEquals(ProcessingExceptionHandler.Result.FAIL, bug.result());
    assertTrue(bug.deadLetterQueueRecords().isEmpty());
  }

  @Test
  void productionRetriesRetriableAndFailsOtherwise() {
    var handler = new DeadLetterHandlers.Production();
    var rec = new ProducerRecord<byte[], byte[]>("style.pool", new byte[1], new byte[1]);
    assertEquals(ProductionExceptionHandler.Result.RETRY,
        handler.handleError(ctx(null, null), rec, new TimeoutException("t")).result());
    assertEquals(ProductionExceptionHandler.Result.FAIL,
        handler.handleError(ctx(null, null), rec, new IllegalStateException("x")).result());
  }
}
