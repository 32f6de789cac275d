package org.issastream.streams.curator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curator's explicit error handlers. Poison input (bytes that do not deserialize, codes the pool
 * cannot use) goes to the dead-letter topic ({@code errors.dead.letter.queue.topic.name}) with the
 * original key and value bytes, the original headers, and the reason in {@code issa.*} headers; the
 * curator then continues. Anything else is a bug or an infrastructure fault and stops the task: a
 * pool update silently dropped would make the compacted topic disagree with the state store.
 */
public final class DeadLetterHandlers {

  public static final String H_REASON = "issa.error.reason";
  public static final String H_CLASS = "issa.error.class";
  public static final String H_MESSAGE = "issa.error.message";
  public static final String H_STAGE = "issa.error.stage";
  public static final String H_TOPIC = "issa.source.topic";
  public static final String H_PARTITION = "issa.source.partition";
  public static final String H_OFFSET = "issa.source.offset";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {}

  static String dlqTopic(Map<String, ?> configs) {
    Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (t == null || t.toString().isBlank()) {
      throw new IllegalStateException(
          StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must be set");
    }
    return t.toString();
  }

  static ProducerRecord<byte[], byte[]> deadLetter(
      String dlqTopic,
      byte[] key,
      byte[] value,
      Headers original,
      String topic,
      int partition,
      long offset,
      String stage,
      String reason,
      Exception e) {
    RecordHeaders h = new RecordHeaders();
    if (original != null) {
      original.forEach(h::add);
    }
    put(h, H_REASON, reason);
    put(h, H_CLASS, e.getClass().getName());
    put(h, H_MESSAGE, String.valueOf(e.getMessage()));
    put(h, H_STAGE, stage);
    put(h, H_TOPIC, topic);
    put(h, H_PARTITION, Integer.toString(partition));
    put(h, H_OFFSET, Long.toString(offset));
    return new ProducerRecord<>(dlqTopic, null, key, value, h);
  }

  private static void put(RecordHeaders h, String k, String v) {
    h.remove(k);
    h.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8));
  }

  /** Undeserializable input: dead-letter with reason {@code deserialization}, continue. */
  public static final class Deserialization implements DeserializationExceptionHandler {
    private String dlq;

    @Override
    public void configure(Map<String, ?> configs) {
      dlq = dlqTopic(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
      LOG.warn(
          "dead-lettering undeserializable record {}-{}@{}: {}",
          record.topic(), record.partition(), record.offset(), e.toString());
      return Response.resume(
          List.of(
              deadLetter(dlq, record.key(), record.value(), record.headers(), record.topic(),
                  record.partition(), record.offset(), "curator.deserialize", "deserialization",
                  e)));
    }
  }

  /**
   * {@link InvalidStyleCodeException}: dead-letter with its reason, continue. Any other exception:
   * fail the task (no silent skip).
   */
  public static final class Processing implements ProcessingExceptionHandler {
    private String dlq;

    @Override
    public void configure(Map<String, ?> configs) {
      dlq = dlqTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
      if (e instanceof InvalidStyleCodeException invalid) {
        LOG.debug("dead-lettering {}: {}", record.key(), invalid.getMessage());
        return Response.resume(
            List.of(
                deadLetter(dlq, ctx.sourceRawKey(), ctx.sourceRawValue(), ctx.headers(),
                    ctx.topic(), ctx.partition(), ctx.offset(), "curator.validate",
                    invalid.reason().label(), e)));
      }
      LOG.error(
          "processing failed in {} for record {} of {}-{}@{}; failing the task",
          ctx.processorNodeId(), record.key(), ctx.topic(), ctx.partition(), ctx.offset(), e);
      return Response.fail();
    }
  }

  /**
   * Retries retriable send errors and fails on the rest: pool updates and tombstones must not be
   * dropped.
   */
  public static final class Production implements ProductionExceptionHandler {
    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(
        ErrorHandlerContext ctx, ProducerRecord<byte[], byte[]> record, Exception e) {
      if (e instanceof RetriableException) {
        LOG.warn("retrying send to {}: {}", record.topic(), e.toString());
        return Response.retry();
      }
      LOG.error("send to {} failed; failing the task", record.topic(), e);
      return Response.fail();
    }

    @Override
    public Response handleSerializationError(
        ErrorHandlerContext ctx,
        ProducerRecord record,
        Exception e,
        SerializationExceptionOrigin origin) {
      LOG.error("serialization of a record for {} failed ({}); failing the task",
          record.topic(), origin, e);
      return Response.fail();
    }
  }
}
