package org.issastream.streams.curator;

import org.issastream.streams.curator.policy.RejectReason;

/**
 * Thrown by the validation processor for a record the pool can never use. Kafka Streams hands it
 * to {@link DeadLetterHandlers.Processing}, which writes the original bytes to the dead-letter
 * topic with the reason in headers and continues. Unchecked because it crosses the Streams
 * processor boundary; it never escapes the topology.
 */
public final class InvalidStyleCodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient RejectReason reason;

  public InvalidStyleCodeException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
