package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.chain.client.Signer;
import io.ddc.chain.client.StorageKeys;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.client.node.NodeClient;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.edge.DdcNode;
import io.ddc.edge.NetworkTransport;
import io.ddc.edge.NodeOptions;
import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.Charge;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.Fees;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.payouts.Usage;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import io.ddc.validator.Validator;
import io.ddc.validator.ValidatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's proof on an in-process devnet (dev chain, nodes, three validators, eras of 4 s):
 * customers store and read known volumes; the validators agree and pay out; every deposit drops by
 * exactly the priced usage and every provider is credited exactly its share, computed here
 * independently from the node-signed records (docs/spec/validator.md §4); a node that inflates its
 * served bytes is not paid for the inflation; a node that lost its pieces fails audits and is
 * removed from the cluster, its pieces found on each remaining node afterwards; a customer without
 * a deposit accrues debt.
 */
class PayoutsOnDevnetTest {
  static final Duration ERA = Duration.ofSeconds(4);
  static final long ERA_MS = ERA.toMillis();
  static final byte[] CLUSTER = DevnetChain.CLUSTER;
  static final Pricing PRICING =
      new Pricing(
          DevnetChain.PRICE_PER_MB_STORED,
          DevnetChain.PRICE_PER_MB_STREAMED,
          DevnetChain.PRICE_PER_PUT,
          DevnetChain.PRICE_PER_GET);
  static final FeeShares SHARES =
      new FeeShares(
          Perquintill.fromParts(DevnetChain.TREASURY_SHARE),
          Perquintill.fromParts(DevnetChain.VALIDATORS_SHARE),
          Perquintill.fromParts(DevnetChain.CLUSTER_RESERVE_SHARE));
  static final BigInteger CERE = DevnetChain.CERE;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  static Devnet.Options options(Path dir, int nodes, BiConsumer<Integer, NodeOptions> tweak) {
    return new Devnet.Options(
        dir,
        nodes,
        0,
        0,
        0,
        true,
        null,
        ERA,
        3,
        new ValidatorOptions()
            .pollInterval(Duration.ofMillis(300))
            .payoutFallback(Duration.ofSeconds(5))
            .eraSealTimeout(Duration.ofSeconds(30))
            .auditSamples(3)
            .auditFailureThreshold(2),
        tweak,
        NetworkTransport.NIO);
  }

  // ---- one record as the oracle reads it -------------------------------------------------------

  /** What a node-signed record says (activity-api.md §3), read straight from the node. */
  record Op(int node, long bucket, boolean store, long size, long acked, long timestamp) {}

  static JsonObject getJson(String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return new JsonObject("{\"v\":" + r.body() + "}");
  }

  static List<Op> records(int node, String http, long bucket, long era) throws Exception {
    JsonObject page =
        getJson(http + "/activity/buckets/" + bucket + "/records?eraId=" + era + "&limit=1000")
            .getJsonObject("v");
    List<Op> out = new ArrayList<>();
    for (Object o : page.getJsonArray("records")) {
      ActivityRecord r =
          ActivityRecord.parseFrom(
              Base64.getDecoder().decode(((JsonObject) o).getString("record")));
      ActivityRequest q = r.getUpstream().getRequest();
      boolean store = q.getRequestType() == ActivityRequest.RequestType.REQUEST_TYPE_STORE;
      long acked =
          r.getUpstream().hasAck() ? r.getUpstream().getAck().getBytesStoredOrDelivered() : 0;
      out.add(new Op(node, bucket, store, q.getSize(), acked, r.getTimestamp()));
    }
    return out;
  }

  /** Usage of {@code ops} in era {@code e} (activity-api.md §3.2, §4.1). */
  static Usage usage(List<Op> ops, long e) {
    long start = e * ERA_MS;
    long end = start + ERA_MS;
    long stored = 0;
    long transferred = 0;
    long puts = 0;
    long gets = 0;
    for (Op o : ops) {
      if (o.timestamp() >= end) {
        continue;
      }
      if (o.store()) {
        if (o.timestamp() < start) {
          stored += o.size();
        } else {
          stored +=
              BigInteger.valueOf(o.size())
                  .multiply(BigInteger.valueOf(end - o.timestamp()))
                  .divide(BigInteger.valueOf(ERA_MS))
                  .longValueExact();
          puts++;
        }
      } else if (o.timestamp() >= start) {
        gets++;
        transferred += o.acked();
      }
    }
    return new Usage(transferred, stored, puts, gets);
  }

  /** docs/decisions/0080: the distributable amount split by gross reward, largest remainder. */
  static Map<Integer, BigInteger> split(BigInteger amount, Map<Integer, BigInteger> weights) {
    BigInteger sum = weights.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    Map<Integer, BigInteger> out = new TreeMap<>();
    if (sum.signum() == 0) {
      return out;
    }
    Map<Integer, BigInteger> rem = new HashMap<>();
    BigInteger given = BigInteger.ZERO;
    for (Map.Entry<Integer, BigInteger> w : weights.entrySet()) {
      BigInteger[] qr = amount.multiply(w.getValue()).divideAndRemainder(sum);
      out.put(w.getKey(), qr[0]);
      rem.put(w.getKey(), qr[1]);
      given = given.add(qr[0]);
    }
    // ties go to the lower account; provider accounts are ordered by their bytes
    List<Integer> order = new ArrayList<>(weights.keySet());
    order.sort(
        (a, b) -> {
          int c = rem.get(b).compareTo(rem.get(a));
          return c != 0
              ? c
              : java.util.Arrays.compareUnsigned(provider(a).publicKey(), provider(b).publicKey());
        });
    for (int i = 0; i < amount.subtract(given).intValueExact(); i++) {
      out.merge(order.get(i), BigInteger.ONE, BigInteger::add);
    }
    return out;
  }

  /** The payouts pallet's vault ("modlpayouts_", zero-padded). */
  static final byte[] PAYOUTS_VAULT =
      palletAccount("modlpayouts_".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  /** The customers' deposit vault of the devnet cluster: "modlaccounts" ‖ blake2_128(cluster). */
  static byte[] clusterVault() {
    byte[] head = "modlaccounts".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] h = io.ddc.crypto.Hashing.blake2b128(CLUSTER);
    byte[] both = new byte[head.length + h.length];
    System.arraycopy(head, 0, both, 0, head.length);
    System.arraycopy(h, 0, both, head.length, h.length);
    return palletAccount(both);
  }

  static byte[] palletAccount(byte[] head) {
    byte[] out = new byte[32];
    System.arraycopy(head, 0, out, 0, head.length);
    return out;
  }

  static BigInteger totalIssuance(SubstrateClient c) {
    var e = c.metadata().storage("Balances", "TotalIssuance");
    byte[] v = c.storage(StorageKeys.mapKey("Balances", "TotalIssuance", e.hashers()), null).join();
    return (BigInteger) c.metadata().decode(e.valueType(), v);
  }

  static KeyPair provider(int node) {
    return Keys.fromUri("//ddc-provider-" + node, KeyScheme.SR25519);
  }

  static BigInteger free(SubstrateClient c, byte[] account) {
    return c.account(account).join().free();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting " + timeout.toSeconds() + " s for " + what);
      }
      Thread.sleep(200);
    }
  }

  static long lastPaidEra(SubstrateClient c) {
    var e = c.metadata().storage("DdcClusters", "Clusters");
    byte[] v =
        c.storage(StorageKeys.mapKey("DdcClusters", "Clusters", e.hashers(), CLUSTER), null).join();
    return ((Number) ((Map<?, ?>) c.metadata().decode(e.valueType(), v)).get("last_paid_era"))
        .longValue();
  }

  static Buffer random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Buffer.buffer(b);
  }

  static String grpc(DdcNode n) {
    return "grpc://127.0.0.1:" + n.grpcPort();
  }

  /**
   * How many of {@code nodes} list {@code cid} of bucket {@code bucket} among the pieces they hold.
   */
  static long holders(List<DdcNode> nodes, long bucket, Cid cid) {
    long n = 0;
    for (DdcNode node : nodes) {
      try {
        for (Object o :
            getJson(http(node) + "/activity/pieces?bucketId=" + bucket).getJsonArray("v")) {
          if (cid.toString().equals(((JsonObject) o).getString("cid"))) {
            n++;
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return n;
  }

  static String http(DdcNode n) {
    return "http://127.0.0.1:" + n.httpPort();
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void depositsDropByThePricedUsageAndProvidersGetExactlyTheirShare() throws Exception {
    // node 2 claims four times the bytes its readers acknowledged
    try (Devnet d =
        Devnet.start(
            options(
                dir.resolve("devnet"),
                3,
                (i, o) -> {
                  if (i == 2) {
                    o.faultInflateTransferred(4.0);
                  }
                }),
            l -> {})) {
      assertThat(d.validators()).hasSize(3);
      SubstrateClient chain = d.chain().client();
      DdcChain ddc = d.chain().ddc();
      List<DdcNode> nodes = d.nodes();
      KeyPair charlie = Keys.fromUri("//Charlie", KeyScheme.SR25519);
      KeyPair dave = Keys.fromUri("//Dave", KeyScheme.SR25519);
      long bc = ddc.createBucket(Signer.of(charlie), CLUSTER, true).join();
      long bd = ddc.createBucket(Signer.of(dave), CLUSTER, true).join();
      ddc.deposit(Signer.of(charlie), CLUSTER, CERE.multiply(BigInteger.valueOf(100))).join();
      ddc.deposit(Signer.of(dave), CLUSTER, CERE.multiply(BigInteger.valueOf(100))).join();

      byte[] treasury = DevnetChain.TREASURY;
      byte[] reserve = Keys.fromUri("//Bob", KeyScheme.SR25519).publicKey();
      Map<Integer, BigInteger> providersBefore = new TreeMap<>();
      for (int i = 1; i <= 3; i++) {
        providersBefore.put(i, free(chain, provider(i).publicKey()));
      }
      BigInteger treasuryBefore = free(chain, treasury);
      // every account money can move to or from while the validators pay
      List<byte[]> accounts = new ArrayList<>();
      accounts.add(clusterVault());
      accounts.add(PAYOUTS_VAULT);
      accounts.add(treasury);
      accounts.add(Keys.fromUri("//Bob", KeyScheme.SR25519).publicKey());
      for (int i = 1; i <= 3; i++) {
        accounts.add(provider(i).publicKey());
        accounts.add(Keys.fromUri(Devnet.validatorSecret(i), KeyScheme.SR25519).publicKey());
      }
      BigInteger heldBefore = BigInteger.ZERO;
      for (byte[] a : accounts) {
        heldBefore = heldBefore.add(free(chain, a));
      }
      BigInteger issuanceBefore = totalIssuance(chain);
      BigInteger clusterVaultBefore = free(chain, clusterVault());
      BigInteger reserveBefore = free(chain, reserve);
      BigInteger charlieBefore = ddc.deposit(CLUSTER, charlie.publicKey()).join().get().active();
      BigInteger daveBefore = ddc.deposit(CLUSTER, dave.publicKey()).join().get().active();

      long firstEra = System.currentTimeMillis() / ERA_MS;
      Vertx vx = Vertx.vertx();
      try {
        NodeClient c1 =
            NodeClient.create(vx, grpc(nodes.get(0)), new NodeClientOptions().signer(charlie));
        NodeClient c2 =
            NodeClient.create(vx, grpc(nodes.get(1)), new NodeClientOptions().signer(charlie));
        NodeClient d3 =
            NodeClient.create(vx, grpc(nodes.get(2)), new NodeClientOptions().signer(dave));
        NodeClient d1 =
            NodeClient.create(vx, grpc(nodes.get(0)), new NodeClientOptions().signer(dave));
        Cid c = await(c1.putRawPiece(bc, random(300_000, 1), "c-put"));
        long read = await(c2.getFile(bc, c, -1, -1, b -> {}, "c-get"));
        assertThat(read).isEqualTo(300_000);
        Cid x = await(d3.putRawPiece(bd, random(100_000, 2), "d-put-1"));
        await(d3.putRawPiece(bd, random(50_000, 3), "d-put-2"));
        assertThat(await(d1.getFile(bd, x, 0, 9_999, b -> {}, "d-get"))).isEqualTo(10_000);
      } finally {
        vx.close();
      }
      long opsEra = System.currentTimeMillis() / ERA_MS;

      await(
          "the validators to pay the era after the last operation",
          Duration.ofSeconds(90),
          () -> lastPaidEra(chain) >= opsEra + 1);
      for (Validator v : d.validators()) {
        await(v.close());
      }
      long last = lastPaidEra(chain);

      // the oracle: usage from the node-signed records, priced and split here
      List<Op> ops = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        for (long e = firstEra; e <= opsEra; e++) {
          for (long b : List.of(bc, bd)) {
            ops.addAll(records(i, http(nodes.get(i - 1)), b, e));
          }
        }
      }
      assertThat(ops.stream().filter(Op::store).mapToLong(Op::size).sum())
          .isEqualTo(300_000 + 100_000 + 50_000);
      assertThat(ops.stream().filter(o -> !o.store()).mapToLong(Op::acked).sum())
          .isEqualTo(300_000 + 10_000);

      Map<Long, BigInteger> expectedCharge = new HashMap<>();
      Map<Integer, BigInteger> expectedReward = new TreeMap<>();
      BigInteger treasuryFees = BigInteger.ZERO;
      BigInteger reserveFees = BigInteger.ZERO;
      BigInteger validatorFees = BigInteger.ZERO;
      for (long e = firstEra; e <= last; e++) {
        Charge pool = Charge.ZERO;
        BigInteger collected = BigInteger.ZERO;
        for (long b : List.of(bc, bd)) {
          long bucket = b;
          Usage u = usage(ops.stream().filter(o -> o.bucket() == bucket).toList(), e);
          Charge ch = Billing.customerCharge(u, PRICING, ERA.toSeconds());
          pool = pool.plus(ch);
          collected = collected.add(ch.total());
          expectedCharge.merge(b, ch.total(), BigInteger::add);
        }
        Usage total = Usage.ZERO;
        Map<Integer, Usage> byNode = new TreeMap<>();
        for (int i = 1; i <= 3; i++) {
          int node = i;
          Usage u = usage(ops.stream().filter(o -> o.node() == node).toList(), e);
          byNode.put(i, u);
          total = total.plus(u);
        }
        Map<Integer, BigInteger> gross = new TreeMap<>();
        for (Map.Entry<Integer, Usage> n : byNode.entrySet()) {
          if (!n.getValue().equals(Usage.ZERO)) {
            gross.put(n.getKey(), Billing.providerReward(n.getValue(), total, pool).total());
          }
        }
        Fees fees = Billing.fees(collected, SHARES);
        treasuryFees = treasuryFees.add(fees.treasury());
        reserveFees = reserveFees.add(fees.clusterReserve());
        validatorFees = validatorFees.add(fees.validators());
        split(collected.subtract(fees.total()), gross)
            .forEach((n, v) -> expectedReward.merge(n, v, BigInteger::add));
      }

      BigInteger charlieAfter = ddc.deposit(CLUSTER, charlie.publicKey()).join().get().active();
      BigInteger daveAfter = ddc.deposit(CLUSTER, dave.publicKey()).join().get().active();
      assertThat(charlieBefore.subtract(charlieAfter))
          .isEqualTo(expectedCharge.get(bc))
          .isPositive();
      assertThat(daveBefore.subtract(daveAfter)).isEqualTo(expectedCharge.get(bd)).isPositive();
      BigInteger rewarded = BigInteger.ZERO;
      for (int i = 1; i <= 3; i++) {
        BigInteger got = free(chain, provider(i).publicKey()).subtract(providersBefore.get(i));
        assertThat(got)
            .as("provider of node " + i)
            .isEqualTo(expectedReward.getOrDefault(i, BigInteger.ZERO));
        rewarded = rewarded.add(got);
      }
      BigInteger toTreasury = free(chain, treasury).subtract(treasuryBefore);
      BigInteger toReserve = free(chain, reserve).subtract(reserveBefore);
      assertThat(toTreasury).isEqualTo(treasuryFees);
      assertThat(toReserve).isEqualTo(reserveFees);
      BigInteger charged = charlieBefore.subtract(charlieAfter).add(daveBefore.subtract(daveAfter));
      assertThat(rewarded.add(toTreasury).add(toReserve).add(validatorFees)).isEqualTo(charged);

      // issuance changed only by the validators' burnt transaction fees, and every other unit
      // moved between the accounts above
      BigInteger heldAfter = BigInteger.ZERO;
      for (byte[] a : accounts) {
        heldAfter = heldAfter.add(free(chain, a));
      }
      BigInteger issuanceChange = totalIssuance(chain).subtract(issuanceBefore);
      assertThat(issuanceChange).isEqualTo(heldAfter.subtract(heldBefore)).isNotPositive();
      assertThat(clusterVaultBefore.subtract(free(chain, clusterVault()))).isEqualTo(charged);

      // node 2 claimed four times what was acknowledged, and was paid for the acknowledged bytes
      long claimed = 0;
      for (long e = firstEra; e <= opsEra; e++) {
        for (Object o :
            getJson(http(nodes.get(1)) + "/activity/buckets?eraId=" + e).getJsonArray("v")) {
          claimed += ((JsonObject) o).getLong("transferred_bytes");
        }
      }
      assertThat(claimed).isEqualTo(4 * 300_000L);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aNodeThatLostItsPiecesIsRemovedAndADebtorIsRefused() throws Exception {
    // node 4 keeps listing its pieces but answers every audit read with 404
    try (Devnet d =
        Devnet.start(
            options(
                dir.resolve("devnet"),
                4,
                (i, o) -> {
                  if (i == 4) {
                    o.faultLosePieces(true);
                  }
                }),
            l -> System.out.println("devnet: " + l))) {
      DdcChain ddc = d.chain().ddc();
      List<DdcNode> nodes = d.nodes();
      byte[] lostKey = java.util.HexFormat.of().parseHex(nodes.get(3).nodeId().substring(2));
      KeyPair eve = Keys.fromUri("//Eve", KeyScheme.SR25519);
      long be = ddc.createBucket(Signer.of(eve), CLUSTER, true).join();
      // the smallest deposit, all of it unlocking: nothing active to charge
      ddc.deposit(Signer.of(eve), CLUSTER, CERE).join();
      ddc.unlockDeposit(Signer.of(eve), CLUSTER, CERE).join();

      Vertx vx = Vertx.vertx();
      try {
        NodeClient via4 =
            NodeClient.create(vx, grpc(nodes.get(3)), new NodeClientOptions().signer(eve));
        NodeClient via1 =
            NodeClient.create(vx, grpc(nodes.get(0)), new NodeClientOptions().signer(eve));
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          cids.add(await(via4.putRawPiece(be, random(20_000 + i, 10 + i), "e-put-" + i)));
        }
        Cid first = await(via1.putRawPiece(be, random(5_000, 99), "e-put-1"));
        assertThat(await(via1.getFile(be, first, -1, -1, b -> {}, "e-get"))).isEqualTo(5_000);

        // audits fail on node 4; two of three validators' reports remove it from the cluster
        await(
            "node 4 removed from the cluster",
            Duration.ofSeconds(90),
            () ->
                ddc.nodesOfCluster(CLUSTER).join().stream()
                    .noneMatch(n -> java.util.Arrays.equals(n.pubKey(), lostKey)));
        assertThat(ddc.nodesOfCluster(CLUSTER).join()).hasSize(3);
        assertThat(dir.resolve("devnet/validator-1/audits")).isNotEmptyDirectory();
        // the remaining nodes restore the replicas node 4 no longer counts for
        await(
            "the remaining nodes to re-replicate",
            Duration.ofSeconds(60),
            () ->
                nodes.subList(0, 3).stream()
                        .mapToLong(n -> n.clusterStats().map(x -> x.repairCopies()).orElse(0L))
                        .sum()
                    > 0);
        // and every piece written through node 4 is found on each of the three remaining nodes
        // (3 copies), as each node's own list of the pieces it holds says
        await(
            "every piece of node 4 held by the three remaining nodes",
            Duration.ofSeconds(60),
            () -> cids.stream().allMatch(c -> holders(nodes.subList(0, 3), be, c) == 3));

        // eve's usage was charged against an empty deposit: debt, then refusals
        await(
            "eve's debt",
            Duration.ofSeconds(60),
            () -> ddc.debt(CLUSTER, eve.publicKey()).join().signum() > 0);
        String[] refusal = {null};
        await(
            "a refusal naming the debt",
            Duration.ofSeconds(30),
            () -> {
              try {
                await(via1.getFile(be, first, -1, -1, b -> {}, "e-get-2"));
                return false;
              } catch (Exception e) {
                refusal[0] = String.valueOf(e.getCause() != null ? e.getCause() : e);
                return true;
              }
            });
        assertThat(refusal[0])
            .containsIgnoringCase("PERMISSION_DENIED")
            .containsIgnoringCase("debt");
        for (Cid c : cids) {
          assertThat(c.codec()).isEqualTo(Cid.Codec.RAW);
        }
      } finally {
        vx.close();
      }
    }
  }
}
