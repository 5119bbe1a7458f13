package io.ddc.client.chain;

import io.ddc.chain.client.AccountInfo;
import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxOptions;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.crypto.KeyPair;
import io.ddc.pallets.scale.ScaleWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The chain operations of a DDC customer in one cluster: balance, deposit, unlock, withdraw,
 * create, list and remove buckets, and the cluster's nodes (to route node calls without a node
 * list). Transactions complete when their block is in; failures are the chain adapter's {@code
 * ChainException}s ({@code ExtrinsicFailedException} names the pallet error, e.g. {@code
 * DdcCustomers.NotBucketOwner}). Futures complete on the chain client's threads.
 */
public final class DdcChainClient implements AutoCloseable {
  private final SubstrateClient substrate;
  private final DdcChain ddc;
  private final DdcChainClientOptions options;
  private final byte[] cluster;

  private DdcChainClient(SubstrateClient substrate, DdcChainClientOptions options) {
    this.substrate = substrate;
    this.ddc = new DdcChain(substrate);
    this.options = new DdcChainClientOptions(options);
    this.cluster = options.clusterId();
  }

  /** Connects to {@code options.chainUri()} and loads the runtime's metadata. */
  public static Future<DdcChainClient> connect(Vertx vertx, DdcChainClientOptions options) {
    DdcChainClientOptions o = new DdcChainClientOptions(options);
    return Future.fromCompletionStage(
        SubstrateClient.connect(vertx, new ChainClientOptions().setUri(o.chainUri()))
            .thenApply(s -> new DdcChainClient(s, o)));
  }

  /** The typed DDC pallet API underneath, for calls this facade does not offer. */
  public DdcChain pallets() {
    return ddc;
  }

  /** The cluster this client works in (20 bytes, a copy). */
  public byte[] clusterId() {
    return cluster.clone();
  }

  /** Free, reserved and frozen balance of {@code accountId} ({@link AccountInfo#EMPTY} if none). */
  public Future<AccountInfo> balance(byte[] accountId) {
    return Future.fromCompletionStage(substrate.account(accountId));
  }

  /**
   * Sends {@code planck} to {@code to}, refusing to drop the sender below the existential deposit
   * ({@code Balances.transfer_keep_alive}).
   */
  public Future<Void> transfer(KeyPair from, byte[] to, BigInteger planck) {
    if (to.length != 32) {
      throw new IllegalArgumentException("an account id is 32 bytes, " + to.length + " given");
    }
    ScaleWriter call = new ScaleWriter();
    call.raw(substrate.metadata().callIndex("Balances", "transfer_keep_alive"));
    call.u8(0).raw(to).compact(planck);
    return tx(substrate.submitAndWatch(Signer.of(from), call.toByteArray(), TxOptions.DEFAULT));
  }

  /** The account's deposit in the cluster, empty when it never deposited. */
  public Future<Optional<DdcChain.Deposit>> depositOf(byte[] accountId) {
    return Future.fromCompletionStage(ddc.deposit(cluster, accountId));
  }

  /**
   * Adds {@code planck} to the owner's deposit in the cluster: opens the deposit the first time
   * ({@code deposit}, at least the existential deposit), tops it up afterwards ({@code
   * deposit_extra}).
   */
  public Future<Void> deposit(KeyPair owner, BigInteger planck) {
    Signer s = Signer.of(owner);
    return tx(
        ddc.deposit(cluster, owner.publicKey())
            .thenCompose(
                d ->
                    d.isPresent()
                        ? ddc.depositExtra(s, cluster, planck)
                        : ddc.deposit(s, cluster, planck)));
  }

  /** Starts unlocking {@code planck} of the deposit; withdrawable after the unlocking delay. */
  public Future<Void> unlock(KeyPair owner, BigInteger planck) {
    return tx(ddc.unlockDeposit(Signer.of(owner), cluster, planck));
  }

  /** Moves every unlocked part of the deposit back to the free balance. */
  public Future<Void> withdraw(KeyPair owner) {
    return tx(ddc.withdrawUnlockedDeposit(Signer.of(owner), cluster));
  }

  /** Creates a bucket in the cluster; completes with its id. */
  public Future<Long> createBucket(KeyPair owner, boolean isPublic) {
    return Future.fromCompletionStage(timed(ddc.createBucket(Signer.of(owner), cluster, isPublic)));
  }

  /** Marks a bucket removed (the chain keeps it, flagged). */
  public Future<Void> removeBucket(KeyPair owner, long bucketId) {
    return tx(ddc.removeBucket(Signer.of(owner), bucketId));
  }

  /** A bucket by id, empty if it does not exist. */
  public Future<Optional<DdcChain.Bucket>> bucket(long bucketId) {
    return Future.fromCompletionStage(ddc.bucket(bucketId));
  }

  /** The buckets {@code owner} holds in any cluster, removed ones left out, by id. */
  public Future<List<DdcChain.Bucket>> bucketsOf(byte[] owner) {
    return Future.fromCompletionStage(
        ddc.buckets()
            .thenApply(
                all -> {
                  List<DdcChain.Bucket> out = new ArrayList<>();
                  for (DdcChain.Bucket b : all) {
                    if (!b.isRemoved() && Arrays.equals(b.owner(), owner)) {
                      out.add(b);
                    }
                  }
                  out.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
                  return out;
                }));
  }

  /** The cluster's storage nodes as the chain lists them. */
  public Future<List<DdcChain.StorageNode>> nodes() {
    return Future.fromCompletionStage(ddc.nodesOfCluster(cluster));
  }

  /**
   * A node's gRPC URL from its on-chain parameters, {@code grpc://host:grpcPort} (the domain when
   * set, else the host; {@code NodeClient} speaks cleartext HTTP/2 only).
   */
  public static String grpcUrl(DdcChain.NodeParams p) {
    String host = p.domain() != null && !p.domain().isEmpty() ? p.domain() : p.host();
    return "grpc://" + host + ":" + p.grpcPort();
  }

  /** A node's HTTP base URL from its on-chain parameters (https when it declares SSL). */
  public static String httpUrl(DdcChain.NodeParams p) {
    String host = p.domain() != null && !p.domain().isEmpty() ? p.domain() : p.host();
    return (p.ssl() ? "https://" : "http://") + host + ":" + p.httpPort();
  }

  private Future<Void> tx(CompletableFuture<?> f) {
    return Future.fromCompletionStage(timed(f)).mapEmpty();
  }

  private <T> CompletableFuture<T> timed(CompletableFuture<T> f) {
    return f.orTimeout(options.txTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    substrate.close();
  }
}
