package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about a piece.
 *
 * @param cid the content identifier
 * @param bucketId the bucket it was first stored in
 * @param size length in bytes
 * @param storedAt when it was committed (millisecond precision)
 */
public record PieceInfo(Cid cid, long bucketId, long size, Instant storedAt) {
  /** Validates the fields. */
  public PieceInfo {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(storedAt, "storedAt");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, " + size + " given");
    }
  }
}
