package org.issastream.streams.http;

import java.util.List;
import java.util.Map;
import org.issastream.schemas.PoolEntry;

/** What the HTTP endpoint asks the running curator (implemented over interactive queries). */
public interface PoolQuery {

  /** Every entry this instance currently holds, in any order. */
  List<PoolEntry> entries();

  /** Slots per bucket from the configuration. */
  Map<String, Integer> quotas();

  /** Age basis time of an entry, epoch ms (capture or admission time, as configured). */
  long basisTimeMs(PoolEntry e);

  /** Kafka Streams state name, e.g. RUNNING, REBALANCING. */
  String state();

  /** Whether queries can be answered (the stores are open and restored). */
  boolean ready();
}
