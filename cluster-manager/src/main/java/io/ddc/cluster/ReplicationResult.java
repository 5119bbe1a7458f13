package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import java.util.List;

/**
 * The state of a replicated write when it was acknowledged: the placement (node ids, most preferred
 * first) and the placement nodes known durable at that moment. Copies still in flight continue in
 * the background; repair covers any that fail.
 */
public record ReplicationResult(Cid cid, List<String> placement, List<String> durableOn) {
  /** Copies the lists. */
  public ReplicationResult {
    placement = List.copyOf(placement);
    durableOn = List.copyOf(durableOn);
  }
}
