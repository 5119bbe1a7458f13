package io.ddc.launcher;

import io.ddc.chain.ddc.DdcChain;
import io.ddc.edge.BucketRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's bucket registry read from the chain ({@code DdcCustomers.Buckets}, node-protocol.md
 * §10.1). Answers are cached for {@link #TTL}, so a bucket created on chain is visible to the node
 * at the latest that long after a miss; a removed bucket reads as unknown.
 */
final class ChainBucketRegistry implements BucketRegistry {
  /** How long an answer (found or not) is reused: 5 s. */
  static final Duration TTL = Duration.ofSeconds(5);

  private record Entry(Optional<Bucket> bucket, long expiresAt) {}

  private final DdcChain chain;
  private final Clock clock;
  private final ConcurrentHashMap<Long, Entry> cache = new ConcurrentHashMap<>();

  ChainBucketRegistry(DdcChain chain, Clock clock) {
    this.chain = chain;
    this.clock = clock;
  }

  @Override
  public Future<Optional<Bucket>> bucket(long id) {
    long now = clock.millis();
    Entry e = cache.get(id);
    if (e != null && e.expiresAt() > now) {
      return Future.succeededFuture(e.bucket());
    }
    Context ctx = Vertx.currentContext();
    Future<Optional<DdcChain.Bucket>> read =
        ctx != null
            ? Future.fromCompletionStage(chain.bucket(id), ctx)
            : Future.fromCompletionStage(chain.bucket(id));
    return read.map(
        b -> {
          Optional<Bucket> found =
              b.filter(x -> !x.isRemoved())
                  .map(
                      x ->
                          new Bucket(
                              x.id(),
                              x.owner(),
                              "0x" + HexFormat.of().formatHex(x.clusterId()),
                              x.isPublic()));
          cache.put(id, new Entry(found, now + TTL.toMillis()));
          return found;
        });
  }
}
