package io.ddc.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.chain.client.Signer;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Pricing;
import io.ddc.pallets.payouts.Usage;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The validator against two fake nodes and a ledger that enforces the payout protocol. */
@Timeout(60)
class ValidatorTest {
  static final byte[] CLUSTER = new byte[20];
  static final long ERA_SECONDS = 60;
  static final long MIB = 1_048_576;
  static final KeyPair NODE_A = Keys.fromUri("//node-a", KeyScheme.ED25519);
  static final KeyPair NODE_B = Keys.fromUri("//node-b", KeyScheme.ED25519);
  static final KeyPair ALICE = Keys.fromUri("//customer-alice", KeyScheme.SR25519);
  static final KeyPair BOB = Keys.fromUri("//customer-bob", KeyScheme.SR25519);
  static final KeyPair VALIDATOR = Keys.fromUri("//Validator1", KeyScheme.SR25519);
  static final AccountId PROVIDER_A = EraBillingTest.id(101);
  static final AccountId PROVIDER_B = EraBillingTest.id(102);
  static final Pricing PRICING = Pricing.of(1_000_000_000_000L, 500_000_000L, 1_000_000, 100_000);
  static final FeeShares SHARES =
      new FeeShares(
          Perquintill.fromPercent(10), Perquintill.fromPercent(5), Perquintill.fromPercent(5));

  Vertx vertx;
  FakeNode a;
  FakeNode b;
  FakeLedger ledger;
  final List<String> progress = new CopyOnWriteArrayList<>();
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    a = new FakeNode(vertx);
    b = new FakeNode(vertx);
    ledger = new FakeLedger(VALIDATOR.publicKey(), List.of(VALIDATOR.publicKey()));
    ledger.nodes.add(new NodeEndpoint(new AccountId(NODE_A.publicKey()), PROVIDER_A, a.base()));
    ledger.nodes.add(new NodeEndpoint(new AccountId(NODE_B.publicKey()), PROVIDER_B, b.base()));
    ledger.buckets.put(1L, new PayoutLedger.BucketInfo(ALICE.publicKey(), CLUSTER));
    ledger.buckets.put(2L, new PayoutLedger.BucketInfo(BOB.publicKey(), CLUSTER));
    ledger.terms = new PayoutLedger.ClusterTerms(PRICING, SHARES);
  }

  @AfterEach
  void tearDown() throws Exception {
    a.close();
    b.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  Validator start(ValidatorOptions o) throws Exception {
    return Validator.start(
            vertx,
            ledger,
            Signer.of(VALIDATOR),
            CLUSTER,
            o.dataDir(dir).pollInterval(Duration.ofMillis(100)),
            progress::add,
            Clock.systemUTC())
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 30 s");
      }
      Thread.sleep(50);
    }
  }

  static BigInteger paid(List<PayoutEntry> entries, byte[] account) {
    return entries.stream()
        .filter(e -> java.util.Arrays.equals(e.account(), account))
        .map(PayoutEntry::amount)
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  static FakeNode.Rec rec(byte[] bytes, long stored, long delivered, long puts, long gets) {
    return new FakeNode.Rec(bytes, stored, delivered, puts, gets);
  }

  @Test
  void paysWhatTheRecordsProveAndCarriesStorageIntoTheNextEra() throws Exception {
    long e1 = 1000;
    long t1 = e1 * ERA_SECONDS * 1000;
    for (FakeNode n : List.of(a, b)) {
      n.era(e1, ERA_SECONDS);
      n.era(e1 + 1, ERA_SECONDS);
    }
    // node A: alice stores 2 MiB at the start of era 1 and reads 1 MiB back (acked)
    a.add(e1, 1, rec(Records.store(NODE_A, ALICE, 1, 2 * MIB, t1), 2 * MIB, 0, 1, 0));
    a.add(e1, 1, rec(Records.get(NODE_A, ALICE, 1, MIB, MIB, t1 + 10), 0, MIB, 0, 1));
    a.openings.put(e1 + 1, java.util.Map.of(1L, 2 * MIB));
    // node B inflates: bob acked 1000 bytes, the node claims 5000
    b.add(e1, 2, rec(Records.get(NODE_B, BOB, 2, 5000, 1000, t1 + 20), 0, 5000, 0, 1));

    Validator v = start(new ValidatorOptions().auditSamples(0));
    await(() -> ledger.lastPaid == e1 + 1);
    v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    Usage alice1 = new Usage(MIB, 2 * MIB, 1, 1);
    Usage alice2 = new Usage(0, 2 * MIB, 0, 0);
    Usage bob1 = new Usage(1000, 0, 0, 1);
    BigInteger aliceOwes =
        Billing.customerCharge(alice1, PRICING, ERA_SECONDS)
            .total()
            .add(Billing.customerCharge(alice2, PRICING, ERA_SECONDS).total());
    BigInteger bobOwes = Billing.customerCharge(bob1, PRICING, ERA_SECONDS).total();
    assertThat(paid(ledger.charged, ALICE.publicKey())).isEqualTo(aliceOwes);
    assertThat(paid(ledger.charged, BOB.publicKey())).isEqualTo(bobOwes);

    BigInteger charged = aliceOwes.add(bobOwes);
    BigInteger rewarded =
        paid(ledger.rewarded, PROVIDER_A.bytes()).add(paid(ledger.rewarded, PROVIDER_B.bytes()));
    BigInteger era1 = Billing.customerCharge(alice1, PRICING, ERA_SECONDS).total().add(bobOwes);
    BigInteger era2 = Billing.customerCharge(alice2, PRICING, ERA_SECONDS).total();
    BigInteger fees = Billing.fees(era1, SHARES).total().add(Billing.fees(era2, SHARES).total());
    assertThat(rewarded.add(fees)).isEqualTo(charged);
    // B is paid for 1000 transferred bytes and one get, not for the 5000 it claimed
    EraBilling.Amounts honest =
        EraBilling.amounts(
            java.util.Map.of(
                new AccountId(ALICE.publicKey()), alice1, new AccountId(BOB.publicKey()), bob1),
            java.util.Map.of(PROVIDER_A, alice1, PROVIDER_B, bob1),
            PRICING,
            SHARES,
            ERA_SECONDS);
    assertThat(paid(ledger.rewarded, PROVIDER_B.bytes()))
        .isEqualTo(honest.rewards().get(PROVIDER_B));
    assertThat(progress).anyMatch(l -> l.contains("not backed by records"));
  }

  /** Nodes A and B both processed era {@code era} and hold {@code count} random raw pieces. */
  private void eraWithPieces(long era, int count, Random r) {
    for (FakeNode n : List.of(a, b)) {
      n.era(era, ERA_SECONDS);
      for (int i = 0; i < count; i++) {
        byte[] content = new byte[2000 + r.nextInt(6000)];
        r.nextBytes(content);
        n.pieces.add(new FakeNode.Piece(Cid.compute(Cid.Codec.RAW, content), 1, content));
      }
    }
  }

  @Test
  void aNodeThatLostItsPiecesFailsAuditsAndIsReported() throws Exception {
    eraWithPieces(5, 4, new Random(7));
    b.losePieces = true;
    Validator v = start(new ValidatorOptions().auditSamples(3).auditFailureThreshold(2));
    String reportB = "report " + new AccountId(NODE_B.publicKey()) + " 5";
    await(() -> ledger.calls.contains(reportB) && a.auditReads >= 3);
    v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ledger.calls)
        .noneMatch(c -> c.startsWith("report " + new AccountId(NODE_A.publicKey())));
    assertThat(dir.resolve("audits")).isDirectoryContaining(p -> p.toString().contains("era-5-"));
    List<String> reports = new ArrayList<>(ledger.calls);
    reports.removeIf(c -> !c.startsWith("report"));
    assertThat(reports).containsExactly(reportB); // once per era
  }

  @Test
  void aNodeItsPeersCaughtServingCorruptBytesIsAuditedHarderButNotReportedOnTheirWord()
      throws Exception {
    eraWithPieces(6, 12, new Random(11));
    // A says B served it corrupt bytes; B's pieces are fine. B naming itself is ignored.
    a.peerFaults.put(java.util.HexFormat.of().formatHex(NODE_B.publicKey()), 2L);
    b.peerFaults.put(java.util.HexFormat.of().formatHex(NODE_B.publicKey()), 9L);
    Validator v =
        start(
            new ValidatorOptions().auditSamples(2).suspectAuditFactor(4).auditFailureThreshold(1));
    Path auditB =
        dir.resolve("audits").resolve("era-6-" + new AccountId(NODE_B.publicKey()) + ".json");
    Path auditA =
        dir.resolve("audits").resolve("era-6-" + new AccountId(NODE_A.publicKey()) + ".json");
    await(() -> java.nio.file.Files.exists(auditA) && java.nio.file.Files.exists(auditB));
    v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    io.vertx.core.json.JsonObject onB =
        new io.vertx.core.json.JsonObject(java.nio.file.Files.readString(auditB));
    io.vertx.core.json.JsonObject onA =
        new io.vertx.core.json.JsonObject(java.nio.file.Files.readString(auditA));
    assertThat(onB.getInteger("challenged")).isEqualTo(8);
    assertThat(onB.getJsonArray("reported_by").getList())
        .containsExactly(new AccountId(NODE_A.publicKey()).toString());
    assertThat(onA.getInteger("challenged")).isEqualTo(2);
    assertThat(onA.getJsonArray("reported_by").getList()).isEmpty();
    assertThat(b.auditReads).isEqualTo(8);
    assertThat(ledger.calls).noneMatch(c -> c.startsWith("report"));
  }

  @Test
  void refusesToStartWithAKeyOutsideTheValidatorSet() {
    ledger = new FakeLedger(VALIDATOR.publicKey(), List.of(EraBillingTest.id(3).bytes()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(new ValidatorOptions()))
        .hasMessageContaining("not in the chain's validator set");
  }

  @Test
  void theLeaderRotatesWithTheEra() {
    List<byte[]> set =
        List.of(
            EraBillingTest.id(1).bytes(),
            EraBillingTest.id(2).bytes(),
            EraBillingTest.id(3).bytes());
    List<AccountId> sorted = new ArrayList<>();
    set.forEach(x -> sorted.add(new AccountId(x)));
    sorted.sort(null);
    assertThat(Validator.rank(set, sorted.get(0), 0)).isZero();
    assertThat(Validator.rank(set, sorted.get(1), 0)).isEqualTo(1);
    assertThat(Validator.rank(set, sorted.get(1), 1)).isZero();
    assertThat(Validator.rank(set, sorted.get(0), 1)).isEqualTo(2);
  }
}
