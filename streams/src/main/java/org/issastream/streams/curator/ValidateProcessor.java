package org.issastream.streams.curator;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.StyleCode;
import org.issastream.streams.curator.policy.QuotaPlan;
import org.issastream.streams.curator.policy.RejectReason;
import org.issastream.streams.curator.policy.StyleVectors;

/**
 * First stage: checks that a code can be in this pool at all (codec id, L x D, byte length, finite
 * non-zero values) and re-keys it by its bucket, so each bucket is curated by exactly one task.
 * Unusable records raise {@link InvalidStyleCodeException}, which the processing exception handler
 * dead-letters with the original bytes.
 */
final class ValidateProcessor extends ContextualProcessor<String, StyleCode, String, StyleCode> {

  private final CuratorConfig config;
  private final QuotaPlan plan;
  private final CuratorMetrics metrics;

  ValidateProcessor(CuratorConfig config, CuratorMetrics metrics) {
    this.config = config;
    this.plan = config.quotaPlan();
    this.metrics = metrics;
  }

  @Override
  public void process(Record<String, StyleCode> record) {
    StyleCode code = record.value();
    if (code == null) {
      throw invalid(RejectReason.INVALID_CODES, "null value (tombstone) on the code topic");
    }
    if (!config.codecId().equals(code.getCodecId())) {
      throw invalid(
          RejectReason.CODEC_MISMATCH,
          "codec '" + code.getCodecId() + "' but the pool holds '" + config.codecId() + "'");
    }
    if (code.getNumStyles() != config.numStyles() || code.getStyleDim() != config.styleDim()) {
      throw invalid(
          RejectReason.SHAPE_MISMATCH,
          "codes are " + code.getNumStyles() + "x" + code.getStyleDim() + ", pool holds "
              + config.numStyles() + "x" + config.styleDim());
    }
    try {
      StyleVectors.decodeUnit(
          code.getWPlus(),
          config.numStyles() * config.styleDim(),
          code.getDtype() == CodeDType.FLOAT16);
    } catch (StyleVectors.InvalidCodesException e) {
      throw invalid(RejectReason.INVALID_CODES, e.getMessage());
    }
    String bucket = plan.bucketFor(code.getOrigin(), code.getConditions());
    context().forward(record.withKey(bucket));
  }

  private InvalidStyleCodeException invalid(RejectReason reason, String message) {
    metrics.rejected(reason);
    return new InvalidStyleCodeException(reason, message);
  }
}
