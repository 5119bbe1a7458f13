package io.ddc.launcher;

import io.ddc.chain.ddc.DdcChain;
import io.ddc.edge.BucketRegistry;
import io.ddc.edge.DebtSource;
import io.ddc.edge.ValidatorSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a node reads from the chain: buckets ({@code DdcCustomers.Buckets}, node-protocol.md §10.1),
 * the validators that may audit it ({@code DdcVerification.ValidatorSet}, activity-api.md §7.3) and
 * customers' debts ({@code DdcPayouts.DebtorCustomers}, activity-api.md §10). Answers are cached
 * for {@link #TTL}, so a change on chain is visible to the node at the latest that long after it
 * was last read; a removed bucket reads as unknown.
 */
final class ChainBucketRegistry implements BucketRegistry, ValidatorSource, DebtSource {
  /** How long an answer (found or not) is reused: 5 s. */
  static final Duration TTL = Duration.ofSeconds(5);

  private static final HexFormat HEX = HexFormat.of();

  /** A cached answer and when it expires (clock millis). */
  private record Entry<T>(T value, long expiresAt) {}

  private final DdcChain chain;
  private final Clock clock;
  private final ConcurrentHashMap<Object, Entry<?>> cache = new ConcurrentHashMap<>();

  ChainBucketRegistry(DdcChain chain, Clock clock) {
    this.chain = chain;
    this.clock = clock;
  }

  @Override
  public Future<Optional<Bucket>> bucket(long id) {
    return cached(
        id,
        () -> chain.bucket(id),
        b ->
            b.filter(x -> !x.isRemoved())
                .map(
                    x ->
                        new Bucket(
                            x.id(), x.owner(), "0x" + HEX.formatHex(x.clusterId()), x.isPublic())));
  }

  @Override
  public Future<List<Long>> bucketIds() {
    return cached(
        "bucket-ids",
        chain::buckets,
        (List<DdcChain.Bucket> all) ->
            all.stream().filter(b -> !b.isRemoved()).map(DdcChain.Bucket::id).toList());
  }

  @Override
  public Future<Set<String>> validators() {
    return cached(
        "validators",
        chain::validatorSet,
        (List<byte[]> keys) -> {
          Set<String> out = new HashSet<>();
          keys.forEach(k -> out.add("0x" + HEX.formatHex(k)));
          return Set.copyOf(out);
        });
  }

  @Override
  public Future<BigInteger> debt(String clusterId, byte[] owner) {
    byte[] cluster = HEX.parseHex(clusterId.startsWith("0x") ? clusterId.substring(2) : clusterId);
    return cached(
        "debt:" + clusterId + ":" + HEX.formatHex(owner),
        () -> chain.debt(cluster, owner),
        Function.identity());
  }

  /**
   * The cached value of {@code key}, else {@code read} mapped by {@code convert} and cached for
   * {@link #TTL}. Completes on the caller's context when it has one.
   */
  @SuppressWarnings("unchecked")
  private <R, T> Future<T> cached(
      Object key, Supplier<CompletionStage<R>> read, Function<R, T> convert) {
    long now = clock.millis();
    Entry<?> e = cache.get(key);
    if (e != null && e.expiresAt() > now) {
      return Future.succeededFuture((T) e.value());
    }
    Context ctx = Vertx.currentContext();
    Future<R> f =
        ctx != null
            ? Future.fromCompletionStage(read.get(), ctx)
            : Future.fromCompletionStage(read.get());
    return f.map(
        r -> {
          T value = convert.apply(r);
          cache.put(key, new Entry<>(value, now + TTL.toMillis()));
          return value;
        });
  }
}
