package io.ddc.edge;

import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import java.math.BigInteger;

/**
 * The usage one node record contributes to its bucket in its era (docs/spec/activity-api.md §3.2):
 * {@code stored} time-weighted over the era, {@code delivered} the client-acknowledged bytes times
 * the (fault-injection) inflation factor, {@code storedFull} the unweighted stored size.
 */
record ActivityUsage(long stored, long delivered, int puts, int gets, long storedFull) {

  /** Era arithmetic on the node clock (§2). */
  record Eras(long eraMillis) {
    long eraOf(long millis) {
      return Math.floorDiv(millis, eraMillis);
    }

    long start(long era) {
      return era * eraMillis;
    }

    long end(long era) {
      return (era + 1) * eraMillis;
    }
  }

  /** The usage of {@code record} in era {@code era}; {@code inflate} is 1.0 for an honest node. */
  static ActivityUsage of(ActivityRecord record, Eras eras, long era, double inflate) {
    ActivityRequest r = record.getUpstream().getRequest();
    return switch (r.getRequestType()) {
      case REQUEST_TYPE_STORE -> {
        long end = eras.end(era);
        long held = Math.max(0, Math.min(eras.eraMillis(), end - record.getTimestamp()));
        long weighted =
            BigInteger.valueOf(r.getSize())
                .multiply(BigInteger.valueOf(held))
                .divide(BigInteger.valueOf(eras.eraMillis()))
                .longValueExact();
        yield new ActivityUsage(weighted, 0, 1, 0, r.getSize());
      }
      case REQUEST_TYPE_GET -> {
        long acked =
            record.getUpstream().hasAck()
                ? record.getUpstream().getAck().getBytesStoredOrDelivered()
                : 0;
        long claimed = inflate == 1.0 ? acked : (long) Math.floor(acked * inflate);
        yield new ActivityUsage(0, claimed, 0, 1, 0);
      }
      default -> new ActivityUsage(0, 0, 0, 0, 0);
    };
  }
}
