package io.ddc.storage;

/**
 * Counters of a store.
 *
 * @param pieces number of stored pieces
 * @param records number of stored small records
 * @param liveBytes payload bytes of live pieces and records
 * @param diskBytes bytes of all segment files (live + garbage + headers)
 * @param capacityBytes configured capacity, {@link Long#MAX_VALUE} if unlimited
 * @param segments number of segment files
 * @param compactions compactions finished since open
 * @param corruptionsDetected corrupt records and blocks detected since open (recovery included)
 */
public record StoreStats(
    long pieces,
    long records,
    long liveBytes,
    long diskBytes,
    long capacityBytes,
    int segments,
    long compactions,
    long corruptionsDetected) {}
