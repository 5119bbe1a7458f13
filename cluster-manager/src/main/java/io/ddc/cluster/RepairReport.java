package io.ddc.cluster;

import java.time.Duration;

/**
 * The outcome of one repair pass (docs/spec/cluster-transfer.md §7): pieces scanned, copies made to
 * placement nodes that lacked them, bytes sent, copies that failed (pieces and records), missing
 * copies of pieces this node holds outside their placement that it left to a placement holder to
 * send (checked again by a later pass), versioned records scanned and sent, surplus local copies
 * dropped (§7), and how long it took.
 */
public record RepairReport(
    long piecesScanned,
    long copiesMade,
    long bytesCopied,
    long copiesFailed,
    long copiesDeferred,
    long recordsScanned,
    long recordsCopied,
    long surplusDropped,
    Duration took) {
  /** Bytes copied per second over the pass; 0 for an empty or instant pass. */
  public double bytesPerSecond() {
    long nanos = took.toNanos();
    return nanos == 0 ? 0 : bytesCopied * 1e9 / nanos;
  }
}
