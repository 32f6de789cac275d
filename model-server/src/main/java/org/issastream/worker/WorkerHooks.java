package org.issastream.worker;

/**
 * Test seams of the worker loop. Production uses {@link #NONE}. A hook may throw to simulate a crash
 * at that point: the worker then stops without committing or aborting its open transaction, exactly
 * as a killed process would leave it.
 */
public interface WorkerHooks {
  WorkerHooks NONE = new WorkerHooks() {};

  /** After the batch's outputs were sent inside the transaction, before offsets and commit. */
  default void afterSend(long batchIndex) {}

  /**
   * On the compute thread, after the codec ran on a batch; {@code batchSequence} counts the batches
   * submitted before it (a batch read again after an abort gets a new number).
   */
  default void afterCompute(long batchSequence) {}
}
