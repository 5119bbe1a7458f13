package io.ddc.cluster;

/**
 * Counters of one node's cluster manager since start, for the edge's {@code /metrics}: writes
 * acknowledged and failed, pieces fetched from peers and lookups that failed, corrupt answers
 * recorded, repair passes with the copies and bytes they moved, their failures and the surplus
 * copies they dropped (cluster-transfer.md §7), on cache-mode nodes the bytes cached and the pieces
 * evicted (0 elsewhere), the repair steps that had no outcome within their deadline (counted in the
 * failures too), and the missing copies repair left to a placement holder to send (§7 "Who sends";
 * each pass that leaves one counts it again).
 */
public record ClusterStats(
    int liveNodes,
    long writesAcknowledged,
    long writesFailed,
    long fetches,
    long fetchFailures,
    long faultsRecorded,
    long repairPasses,
    long repairCopies,
    long repairBytes,
    long repairFailures,
    long repairDropped,
    long cacheBytes,
    long cacheEvictions,
    long repairStepTimeouts,
    long repairDeferred) {}
