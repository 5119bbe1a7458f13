package io.ddc.loadtest;

import io.ddc.protocol.cid.Cid;

/**
 * A stored object the load generator may read.
 *
 * @param bucket the bucket it is stored in
 * @param cid its CID
 * @param size its size in bytes
 * @param seed the {@link Content} seed it was generated from, or {@code -1} when unknown (then only
 *     whole reads can be checked, against the CID)
 */
public record ObjectRef(long bucket, Cid cid, long size, long seed) {
  /** Whether the content is known, so that ranges can be checked. */
  public boolean contentKnown() {
    return seed >= 0;
  }
}
