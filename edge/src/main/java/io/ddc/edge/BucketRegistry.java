package io.ddc.edge;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where the node learns a bucket's owner, cluster and visibility (node-protocol.md §10.1). The
 * chain-backed registry comes with the chain adapter; {@link StaticBucketRegistry} serves
 * chain-less mode (§10.4).
 */
public interface BucketRegistry {
  /** A bucket as the node needs it. {@code owner} is the 32-byte account key. */
  record Bucket(long id, byte[] owner, String clusterId, boolean isPublic) {}

  /** The bucket, or empty when it is unknown or removed. Completes on the caller's context. */
  Future<Optional<Bucket>> bucket(long id);

  /**
   * Every bucket id the registry can list (to enumerate the pieces a node holds), or empty when it
   * cannot list. Completes on the caller's context.
   */
  default Future<java.util.List<Long>> bucketIds() {
    return Future.succeededFuture(java.util.List.of());
  }
}
