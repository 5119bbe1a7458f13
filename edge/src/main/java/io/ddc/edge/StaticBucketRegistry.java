package io.ddc.edge;

import io.ddc.crypto.Ss58;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Buckets from configuration: chain-less mode (node-protocol.md §10.4). Immutable. */
final class StaticBucketRegistry implements BucketRegistry {
  private final Map<Long, Bucket> buckets = new HashMap<>();

  StaticBucketRegistry(List<NodeOptions.StaticBucket> configured, String clusterId) {
    for (NodeOptions.StaticBucket b : configured) {
      buckets.put(b.id(), new Bucket(b.id(), ownerKey(b), clusterId, b.isPublic()));
    }
  }

  /** Decodes an owner given as SS58 or 0x-prefixed hex of 32 bytes. */
  static byte[] ownerKey(NodeOptions.StaticBucket b) {
    String o = b.ownerSs58().strip();
    try {
      if (o.startsWith("0x")) {
        byte[] key = HexFormat.of().parseHex(o.substring(2));
        if (key.length != 32) {
          throw new IllegalArgumentException("32 bytes expected, " + key.length + " given");
        }
        return key;
      }
      return Ss58.decode(o).publicKey();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "bucket " + b.id() + ": owner '" + o + "' is neither SS58 nor 0x hex of 32 bytes", e);
    }
  }

  @Override
  public Future<Optional<Bucket>> bucket(long id) {
    return Future.succeededFuture(Optional.ofNullable(buckets.get(id)));
  }

  @Override
  public Future<java.util.List<Long>> bucketIds() {
    return Future.succeededFuture(buckets.keySet().stream().sorted().toList());
  }
}
