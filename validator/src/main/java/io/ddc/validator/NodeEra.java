package io.ddc.validator;

import io.ddc.pallets.payouts.Usage;
import java.util.Map;
import java.util.SortedMap;

/**
 * One node's verified activity in one era.
 *
 * @param era the era id
 * @param timeStart the era's start, unix ms
 * @param timeEnd the era's end (exclusive), unix ms
 * @param buckets verified usage per bucket (stored bytes include the verified opening)
 * @param closing verified closing stored bytes per bucket (activity-api.md §4.1)
 * @param rejected records not counted, by reason
 * @param claimsDiscarded buckets whose aggregate the node claimed differently than its records
 *     prove
 */
record NodeEra(
    long era,
    long timeStart,
    long timeEnd,
    SortedMap<Long, Usage> buckets,
    SortedMap<Long, Long> closing,
    Map<RecordVerifier.Rejection, Integer> rejected,
    int claimsDiscarded) {}
