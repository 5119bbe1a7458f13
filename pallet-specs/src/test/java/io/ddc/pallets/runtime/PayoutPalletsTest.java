package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.DdcPalletsTest.CLUSTER;
import static io.ddc.pallets.runtime.DdcPalletsTest.call;
import static io.ddc.pallets.runtime.DdcPalletsTest.cere;
import static io.ddc.pallets.runtime.DdcPalletsTest.nodeKey;
import static io.ddc.pallets.runtime.DdcPalletsTest.nodeParams;
import static io.ddc.pallets.runtime.SystemPallet.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.KeyScheme;
import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.Charge;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.PayoutTree;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Usage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The dev-line payouts and verification pallets: the scenarios of the Rust tests (chain.md §8, dev
 * line) and the state machine, on the dev runtime with validators //Charlie, //Dave and //Eve
 * (accounts 2, 3, 4), cluster 0x…01 managed by //Alice with //Bob as reserve, fees 1 % to the
 * treasury, 10 % to the validators and 2 % to the reserve.
 */
@SuppressWarnings("unchecked")
class PayoutPalletsTest {
  static final int V1 = 2;
  static final int V2 = 3;
  static final int V3 = 4;
  static final FeeShares SHARES =
      new FeeShares(
          Perquintill.fromPercent(1), Perquintill.fromPercent(10), Perquintill.fromPercent(2));

  final TestChain chain;
  final PayoutPallets pallets;

  PayoutPalletsTest() {
    Genesis plain = Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT);
    TestChain probe = new TestChain(plain);
    chain = new TestChain(plain.withValidators(List.of(probe.id(V1), probe.id(V2), probe.id(V3))));
    pallets = chain.rt.payouts;
    Map<String, Object> protocol = DdcPalletsTest.protocol(10, 10, 10);
    protocol.put("treasury_share", SHARES.treasury().parts());
    protocol.put("validators_share", SHARES.validators().parts());
    protocol.put("cluster_reserve_share", SHARES.clusterReserve().parts());
    chain.run(0, DdcPalletsTest.createCluster(chain, protocol));
  }

  static byte[] account(int seed) {
    byte[] a = new byte[32];
    a[0] = (byte) 0xAA;
    a[1] = (byte) (seed >> 8);
    a[2] = (byte) seed;
    return a;
  }

  String ehd(long era) {
    return PayoutFingerprint.ehdId(CLUSTER, chain.id(V1), era);
  }

  EnumValue commit(long era, byte[] payers, byte[] payees) {
    return call(
        "DdcPayouts",
        "commit_payout_fingerprint",
        "cluster_id",
        CLUSTER,
        "ehd_id",
        ehd(era),
        "payers_root",
        payers,
        "payees_root",
        payees);
  }

  static EnumValue payoutCall(String name, long era, Object... more) {
    Object[] kv = new Object[4 + more.length];
    kv[0] = "cluster_id";
    kv[1] = CLUSTER;
    kv[2] = "era_id";
    kv[3] = era;
    System.arraycopy(more, 0, kv, 4, more.length);
    return call("DdcPayouts", name, kv);
  }

  static EnumValue batch(
      String name, long era, int index, List<PayoutEntry> entries, PayoutTree t) {
    return batch(name, era, index, entries, t.proof(Math.min(index, t.batchCount() - 1)));
  }

  static EnumValue batch(
      String name, long era, int index, List<PayoutEntry> entries, List<byte[]> proof) {
    List<Object> list = new ArrayList<>();
    for (PayoutEntry e : entries) {
      list.add(List.of(e.account(), e.amount()));
    }
    return payoutCall(
        name,
        era,
        "batch_index",
        index,
        name.contains("charging") ? "payers" : "payees",
        list,
        "batch_proof",
        fields("proof", new ArrayList<Object>(proof)));
  }

  /** Every event of the blocks run through {@link #run} and {@link #payout}. */
  final List<Object> log = new ArrayList<>();

  List<Object> exec(int who, EnumValue call) {
    List<Object> ev = chain.run(who, call);
    log.addAll(ev);
    return ev;
  }

  String run(int who, EnumValue call) {
    return chain.moduleError(exec(who, call));
  }

  /**
   * Commits the fingerprint of {@code payers}/{@code payees} by V1 and V2 and begins the payout.
   */
  byte[] agree(long era, PayoutTree payers, PayoutTree payees) {
    assertThat(run(V1, commit(era, payers.root(), payees.root()))).isNull();
    assertThat(run(V2, commit(era, payers.root(), payees.root()))).isNull();
    byte[] fp = PayoutFingerprint.hash(CLUSTER, ehd(era), payers.root(), payees.root());
    assertThat(run(V1, payoutCall("begin_payout", era, "fingerprint", fp))).isNull();
    return fp;
  }

  /** Runs a whole payout; returns the events of every block. */
  List<Object> payout(long era, List<PayoutEntry> payers, List<PayoutEntry> payees) {
    PayoutTree pt = new PayoutTree(payers);
    PayoutTree et = new PayoutTree(payees);
    List<Object> events = new ArrayList<>();
    agree(era, pt, et);
    events.addAll(
        exec(
            V1,
            payoutCall("begin_charging_customers", era, "max_batch_index", pt.maxBatchIndex())));
    for (int b = 0; b < pt.batchCount(); b++) {
      events.addAll(
          exec(V2, batch("send_charging_customers_batch", era, b, pt.batches().get(b), pt)));
    }
    events.addAll(exec(V1, payoutCall("end_charging_customers", era)));
    events.addAll(
        exec(
            V3,
            payoutCall("begin_rewarding_providers", era, "max_batch_index", et.maxBatchIndex())));
    for (int b = 0; b < et.batchCount(); b++) {
      events.addAll(
          exec(V3, batch("send_rewarding_providers_batch", era, b, et.batches().get(b), et)));
    }
    events.addAll(exec(V1, payoutCall("end_rewarding_providers", era)));
    events.addAll(exec(V1, payoutCall("end_payout", era)));
    assertThat(TestChain.error(events)).as("%s", TestChain.names(events)).isNull();
    return events;
  }

  /**
   * Gives the treasury and providers 0..n-1 an account (1 CERE each from //Alice), as a live
   * chain's treasury and staked providers have.
   */
  void openProviderAccounts(int n) {
    List<Object> transfers = new ArrayList<>();
    for (int i = -1; i < n; i++) {
      transfers.add(
          call(
              "Balances",
              "transfer_keep_alive",
              "dest",
              new EnumValue("Id", i < 0 ? PayoutPallets.treasury() : account(i)),
              "value",
              RuntimeConfig.EXISTENTIAL_DEPOSIT));
    }
    assertThat(run(0, call("Utility", "batch_all", "calls", transfers))).isNull();
  }

  void deposit(int who, BigInteger amount) {
    assertThat(run(who, call("DdcCustomers", "deposit", "cluster_id", CLUSTER, "value", amount)))
        .isNull();
  }

  Map<?, ?> receipt(long era) {
    return (Map<?, ?>) pallets.receipts.get(chain.state, CLUSTER, CereRuntime.u32(era));
  }

  @Test
  void theDevGenesisKeepsTheTreasuryAndThePayoutsVaultAlive() {
    CereRuntime dev = CereRuntime.dev();
    MemoryState s = new MemoryState();
    dev.buildGenesis(s);
    assertThat(dev.account(s, PayoutPallets.treasury()).free())
        .isEqualTo(RuntimeConfig.EXISTENTIAL_DEPOSIT);
    assertThat(dev.account(s, DdcPallets.payoutsVault()).free())
        .isEqualTo(RuntimeConfig.EXISTENTIAL_DEPOSIT);
    assertThat(dev.totalIssuance(s))
        .isEqualTo(
            Genesis.DEV_ENDOWMENT
                .multiply(BigInteger.valueOf(6))
                .add(RuntimeConfig.EXISTENTIAL_DEPOSIT.multiply(BigInteger.TWO)));
  }

  @Test
  void genesisInstallsTheValidatorSet() {
    assertThat(pallets.validators(chain.state))
        .containsExactly(chain.id(V1), chain.id(V2), chain.id(V3));
    assertThat((byte[]) pallets.validatorToStash.get(chain.state, chain.id(V1)))
        .isEqualTo(chain.id(V1));
  }

  @Test
  void commitPayoutFingerprintHappyPathAndAlreadyCommitted() {
    PayoutTree payers = new PayoutTree(List.of(new PayoutEntry(chain.id(5), cere(1))));
    PayoutTree payees = new PayoutTree(List.of(new PayoutEntry(account(1), cere(1))));
    List<Object> ev = chain.run(V1, commit(100, payers.root(), payees.root()));
    assertThat(TestChain.names(ev)).contains("DdcPayouts.PayoutFingerprintCommited");
    assertThat(TestChain.field(ev, "DdcPayouts.PayoutFingerprintCommited", "era_id"))
        .isEqualTo(100L);
    byte[] fp = PayoutFingerprint.hash(CLUSTER, ehd(100), payers.root(), payees.root());
    Map<?, ?> stored = (Map<?, ?>) pallets.fingerprints.get(chain.state, fp);
    assertThat(stored.get("ehd_id")).isEqualTo(ehd(100));
    assertThat((List<Object>) stored.get("validators")).containsExactly((Object) chain.id(V1));
    assertThat(run(V1, commit(100, payers.root(), payees.root())))
        .isEqualTo("DdcPayouts.PayoutFingerprintCommitted");
    assertThat(run(5, commit(100, payers.root(), payees.root())))
        .isEqualTo("DdcPayouts.Unauthorized");
    assertThat(run(V2, commit(100, new byte[32], payees.root())))
        .isEqualTo("DdcPayouts.BadRequest");
  }

  @Test
  void beginPayoutNeedsAKnownFingerprintWithQuorum() {
    PayoutTree payers = new PayoutTree(List.of(new PayoutEntry(chain.id(5), cere(1))));
    PayoutTree payees = new PayoutTree(List.of(new PayoutEntry(account(1), cere(1))));
    byte[] fp = PayoutFingerprint.hash(CLUSTER, ehd(7), payers.root(), payees.root());
    assertThat(run(V1, payoutCall("begin_payout", 7, "fingerprint", new byte[32])))
        .isEqualTo("DdcPayouts.PayoutFingerprintDoesNotExist");
    run(V1, commit(7, payers.root(), payees.root()));
    // 67 % of 3 validators rounds to 2: one commitment is not a quorum
    assertThat(run(V1, payoutCall("begin_payout", 7, "fingerprint", fp)))
        .isEqualTo("DdcPayouts.NoQuorumOnPayoutFingerprint");
    run(V3, commit(7, payers.root(), payees.root()));
    assertThat(run(V2, payoutCall("begin_payout", 7, "fingerprint", fp))).isNull();
    assertThat(((EnumValue) receipt(7).get("state")).name()).isEqualTo("Initialized");
    assertThat(run(V2, payoutCall("begin_payout", 7, "fingerprint", fp)))
        .isEqualTo("DdcPayouts.NotExpectedState");
  }

  @Test
  void aBatchThatIsNotInThePayersRootFails() {
    deposit(5, cere(100));
    List<PayoutEntry> payers = List.of(new PayoutEntry(chain.id(5), cere(10)));
    PayoutTree pt = new PayoutTree(payers);
    PayoutTree et = new PayoutTree(List.of(new PayoutEntry(account(1), cere(8))));
    agree(3, pt, et);
    run(V1, payoutCall("begin_charging_customers", 3, "max_batch_index", 0));
    List<PayoutEntry> forged = List.of(new PayoutEntry(chain.id(5), cere(11)));
    assertThat(run(V1, batch("send_charging_customers_batch", 3, 0, forged, pt)))
        .isEqualTo("DdcPayouts.BatchValidationFailed");
    assertThat(run(V1, batch("send_charging_customers_batch", 3, 0, payers, pt))).isNull();
  }

  @Test
  void stateMachineFailures() {
    assertThat(run(V1, payoutCall("begin_charging_customers", 5, "max_batch_index", 0)))
        .isEqualTo("DdcPayouts.PayoutReceiptDoesNotExist");
    deposit(5, cere(100));
    deposit(0, cere(100));
    List<PayoutEntry> payers =
        new ArrayList<>(
            List.of(new PayoutEntry(chain.id(5), cere(1)), new PayoutEntry(chain.id(0), cere(2))));
    for (int i = 0; i < 150; i++) {
      payers.add(new PayoutEntry(account(1000 + i), BigInteger.ONE)); // customers without deposits
    }
    PayoutTree pt = new PayoutTree(payers);
    PayoutTree et = new PayoutTree(List.of(new PayoutEntry(account(1), cere(2))));
    agree(5, pt, et);
    assertThat(run(V1, batch("send_charging_customers_batch", 5, 0, pt.batches().get(0), pt)))
        .isEqualTo("DdcPayouts.NotExpectedState");
    assertThat(run(V1, payoutCall("end_charging_customers", 5)))
        .isEqualTo("DdcPayouts.NotExpectedState");
    assertThat(run(V1, payoutCall("begin_charging_customers", 5, "max_batch_index", 1000)))
        .isEqualTo("DdcPayouts.BatchIndexOverflow");
    assertThat(run(V1, payoutCall("begin_charging_customers", 5, "max_batch_index", 1))).isNull();
    assertThat(run(V1, payoutCall("begin_rewarding_providers", 5, "max_batch_index", 0)))
        .isEqualTo("DdcPayouts.NotExpectedState");
    assertThat(run(V1, batch("send_charging_customers_batch", 5, 1, pt.batches().get(1), pt)))
        .isNull();
    assertThat(run(V1, batch("send_charging_customers_batch", 5, 1, pt.batches().get(1), pt)))
        .isEqualTo("DdcPayouts.BatchIndexAlreadyProcessed");
    assertThat(run(V1, payoutCall("end_charging_customers", 5)))
        .isEqualTo("DdcPayouts.BatchesMissed");
    assertThat(
            run(V1, batch("send_charging_customers_batch", 5, 2, pt.batches().get(1), pt.proof(1))))
        .isEqualTo("DdcPayouts.BatchIndexIsOutOfRange");
    assertThat(run(V1, batch("send_charging_customers_batch", 5, 0, List.of(), pt)))
        .isEqualTo("DdcPayouts.BatchSizeIsOutOfBounds");
    // a proof too short to reach the root cannot be used at all (the Rust verifier's error)
    assertThat(
            run(V1, batch("send_charging_customers_batch", 5, 0, pt.batches().get(0), List.of())))
        .isEqualTo("DdcPayouts.FailedToVerifyMerkleProof");
    assertThat(run(V1, batch("send_charging_customers_batch", 5, 0, pt.batches().get(0), pt)))
        .isNull();
    assertThat(run(V1, payoutCall("end_charging_customers", 5))).isNull();
    assertThat(run(V1, payoutCall("end_payout", 5))).isEqualTo("DdcPayouts.NotExpectedState");
  }

  @Test
  void aShortDepositIsChargedPartiallyAndTheRestBecomesDebt() {
    deposit(5, cere(10));
    List<PayoutEntry> payers =
        List.of(new PayoutEntry(chain.id(5), cere(15)), new PayoutEntry(account(9), cere(3)));
    List<Object> ev = payout(11, payers, List.of(new PayoutEntry(account(1), cere(5))));
    assertThat(TestChain.names(ev))
        .contains(
            "DdcCustomers.Charged",
            "DdcPayouts.Indebted",
            "DdcPayouts.ChargedPartially",
            "DdcPayouts.ChargeError");
    assertThat(pallets.debtors.get(chain.state, CLUSTER, chain.id(5))).isEqualTo(cere(5));
    assertThat(pallets.debtors.get(chain.state, CLUSTER, account(9))).isEqualTo(cere(3));
    Map<?, ?> led = (Map<?, ?>) chain.rt.ddc.ledger.get(chain.state, CLUSTER, chain.id(5));
    assertThat(led.get("active")).isEqualTo(BigInteger.ZERO);
    assertThat(receipt(11).get("total_collected_charges")).isEqualTo(cere(10));
    // debt accumulates across eras
    deposit(0, cere(1));
    payout(
        12,
        List.of(new PayoutEntry(chain.id(5), cere(2))),
        List.of(new PayoutEntry(account(1), cere(1))));
    assertThat(pallets.debtors.get(chain.state, CLUSTER, chain.id(5))).isEqualTo(cere(7));
  }

  @Test
  void aChargeBeyondTheActiveDepositEatsUnlockingChunksButOnlyTheActivePartIsPaid() {
    // chain.md §2.1 quirk, through the payout: active 10 CERE, 5 CERE unlocking, 12 CERE due
    deposit(5, cere(15));
    assertThat(
            run(5, call("DdcCustomers", "unlock_deposit", "cluster_id", CLUSTER, "value", cere(5))))
        .isNull();
    BigInteger vault = chain.rt.account(chain.state, DdcPallets.clusterVault(CLUSTER)).free();
    payout(
        13,
        List.of(new PayoutEntry(chain.id(5), cere(12))),
        List.of(new PayoutEntry(account(1), cere(8))));
    Map<?, ?> led = (Map<?, ?>) chain.rt.ddc.ledger.get(chain.state, CLUSTER, chain.id(5));
    assertThat(led.get("active")).isEqualTo(BigInteger.ZERO);
    assertThat(led.get("total")).isEqualTo(cere(5));
    assertThat(((Map<?, ?>) ((List<?>) led.get("unlocking")).get(0)).get("value"))
        .isEqualTo(cere(3));
    assertThat(receipt(13).get("total_collected_charges")).isEqualTo(cere(10));
    assertThat(pallets.debtors.get(chain.state, CLUSTER, chain.id(5))).isEqualTo(cere(2));
    assertThat(chain.rt.account(chain.state, DdcPallets.clusterVault(CLUSTER)).free())
        .isEqualTo(vault.subtract(cere(10)));
  }

  @Test
  void endPayoutFinalizesAndSetsTheClustersLastPaidEra() {
    deposit(5, cere(1_000));
    List<Object> ev =
        payout(
            20,
            List.of(new PayoutEntry(chain.id(5), cere(500))),
            List.of(new PayoutEntry(account(1), cere(435))));
    assertThat(TestChain.names(ev))
        .contains(
            "DdcPayouts.PayoutReceiptFinalized",
            "DdcClusters.ClusterEraPaid",
            "DdcPayouts.TreasuryFeesCollected",
            "DdcPayouts.ClusterReserveFeesCollected",
            "DdcPayouts.ValidatorFeesCollected");
    Map<?, ?> r = receipt(20);
    assertThat(((EnumValue) r.get("state")).name()).isEqualTo("Finalized");
    // 1 % + 2 % + 10 % of 500 CERE; the validators' thirds round up, so the last one gets a unit
    // less than its third and the fees stay exactly 13 %
    assertThat(r.get("total_settled_fees")).isEqualTo(cere(65));
    assertThat(r.get("total_distributed_rewards")).isEqualTo(cere(435));
    Map<?, ?> cl = (Map<?, ?>) chain.rt.ddc.clusters.get(chain.state, CLUSTER);
    assertThat(cl.get("last_paid_era")).isEqualTo(20L);
    // an era at or before the last paid one can no longer be committed
    PayoutTree pt = new PayoutTree(List.of(new PayoutEntry(chain.id(5), cere(1))));
    assertThat(run(V1, commit(20, pt.root(), pt.root()))).isEqualTo("DdcPayouts.BadRequest");
  }

  @Test
  void hundredProvidersArePaidProRata() {
    openProviderAccounts(100);
    deposit(5, cere(1_000));
    deposit(0, cere(1_000));
    Usage total = Usage.ZERO;
    List<Usage> provided = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      Usage u = new Usage(i * 1_000_000L, i * 3_000_000L, i, 2L * i);
      provided.add(u);
      total = total.plus(u);
    }
    Charge pool = new Charge(cere(300), cere(500), cere(100), cere(100));
    List<PayoutEntry> payees = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      BigInteger gross = Billing.providerReward(provided.get(i), total, pool).total();
      payees.add(new PayoutEntry(account(i), Billing.netOfFees(gross, SHARES)));
    }
    List<PayoutEntry> payers =
        List.of(new PayoutEntry(chain.id(5), cere(600)), new PayoutEntry(chain.id(0), cere(400)));
    payout(30, payers, payees);
    for (int i = 0; i < 100; i++) {
      assertThat(chain.rt.account(chain.state, account(i)).free())
          .as("provider %d", i + 1)
          .isEqualTo(payees.get(i).amount().add(RuntimeConfig.EXISTENTIAL_DEPOSIT));
    }
    // provider 100 served 100× provider 1's usage in every dimension
    assertThat(payees.get(99).amount())
        .isBetween(
            payees
                .get(0)
                .amount()
                .multiply(BigInteger.valueOf(100))
                .subtract(BigInteger.valueOf(400)),
            payees.get(0).amount().multiply(BigInteger.valueOf(100)).add(BigInteger.valueOf(400)));
  }

  @Property(tries = 15)
  void aPayoutMovesMoneyAndBalancesToTheUnit(
      @ForAll @IntRange(min = 1, max = 120) int providers,
      @ForAll @LongRange(min = 1, max = 5_000) long charge1,
      @ForAll @LongRange(min = 1, max = 5_000) long charge2,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    PayoutPalletsTest t = new PayoutPalletsTest();
    t.checkBalances(
        providers, cere(charge1).add(BigInteger.valueOf(seed % 9_999)), cere(charge2), seed);
  }

  void checkBalances(int providers, BigInteger charge1, BigInteger charge2, long seed) {
    openProviderAccounts(providers);
    deposit(5, cere(6_000));
    deposit(0, cere(6_000));
    java.util.Random r = new java.util.Random(seed);
    List<Usage> provided = new ArrayList<>();
    for (int i = 0; i < providers; i++) {
      Usage u = new Usage(r.nextInt(1 << 30), r.nextInt(1 << 30), r.nextInt(1000), r.nextInt(1000));
      provided.add(u);
    }
    BigInteger expected = charge1.add(charge2);
    BigInteger q = expected.divide(BigInteger.valueOf(4));
    Charge pool = new Charge(q, q, q, expected.subtract(q.multiply(BigInteger.valueOf(3))));
    List<BigInteger> rewards = Billing.providerPayouts(provided, pool, SHARES, expected);
    List<PayoutEntry> payees = new ArrayList<>();
    for (int i = 0; i < providers; i++) {
      payees.add(new PayoutEntry(account(i), rewards.get(i)));
    }
    BigInteger issuance = chain.rt.totalIssuance(chain.state);
    int mark = log.size();
    BigInteger vaultBefore = chain.rt.account(chain.state, DdcPallets.payoutsVault()).free();
    payout(
        40,
        List.of(new PayoutEntry(chain.id(5), charge1), new PayoutEntry(chain.id(0), charge2)),
        payees);
    BigInteger txFees = BigInteger.ZERO;
    for (Object o : log.subList(mark, log.size())) {
      EnumValue e = (EnumValue) ((Map<?, ?>) o).get("event");
      if (e.name().equals("TransactionPayment")) {
        txFees =
            txFees.add(
                (BigInteger) ((Map<?, ?>) ((EnumValue) e.value()).value()).get("actual_fee"));
      }
    }
    // the payout only moves money: issuance changes by the burnt transaction fees alone
    assertThat(chain.rt.totalIssuance(chain.state)).isEqualTo(issuance.subtract(txFees));
    Map<?, ?> rc = receipt(40);
    BigInteger charged = (BigInteger) rc.get("total_collected_charges");
    BigInteger rewarded = (BigInteger) rc.get("total_distributed_rewards");
    BigInteger fees = (BigInteger) rc.get("total_settled_fees");
    assertThat(charged).isEqualTo(expected);
    assertThat(fees)
        .isEqualTo(
            Billing.fees(charged, SHARES)
                .total()
                .subtract(splitDust(charged).max(BigInteger.ZERO)));
    BigInteger vaultAfter = chain.rt.account(chain.state, DdcPallets.payoutsVault()).free();
    BigInteger dust = vaultAfter.subtract(vaultBefore.max(RuntimeConfig.EXISTENTIAL_DEPOSIT));
    assertThat(charged).isEqualTo(rewarded.add(fees).add(dust));
    assertThat(dust).isBetween(BigInteger.ZERO, PayoutMetadata.MAX_DUST);
    // and every provider got exactly what the validators computed for it
    for (int i = 0; i < providers; i++) {
      assertThat(chain.rt.account(chain.state, account(i)).free())
          .isEqualTo(RuntimeConfig.EXISTENTIAL_DEPOSIT.add(rewards.get(i)));
    }
  }

  /** What the equal three-way split of the validators' fee leaves unpaid. */
  static BigInteger splitDust(BigInteger charged) {
    BigInteger fee = Billing.fees(charged, SHARES).validators();
    return fee.subtract(
        Billing.splitByScore(fee, List.of(1L, 1L, 1L)).stream()
            .reduce(BigInteger.ZERO, BigInteger::add));
  }

  // ---- verification ---------------------------------------------------------------------------

  /** Ferdie's node 0x05… in the cluster (bonded cluster, stake stored, node added). */
  void nodeInCluster() {
    chain.run(
        5,
        call(
            "DdcNodes",
            "create_node",
            "node_pub_key",
            nodeKey(5),
            "node_params",
            nodeParams("10.0.0.5")));
    chain.run(
        5,
        call(
            "DdcStaking",
            "bond",
            "controller",
            new EnumValue("Id", chain.id(5)),
            "node",
            nodeKey(5),
            "value",
            cere(100)));
    chain.run(5, call("DdcStaking", "store", "cluster_id", CLUSTER));
    chain.run(1, call("DdcStaking", "bond_cluster", "cluster_id", CLUSTER));
    assertThat(
            run(
                0,
                call(
                    "DdcClusters",
                    "add_node",
                    "cluster_id",
                    CLUSTER,
                    "node_pub_key",
                    nodeKey(5),
                    "node_kind",
                    EnumValue.of("External"))))
        .isNull();
  }

  EnumValue report(EnumValue node) {
    return call(
        "DdcVerification",
        "report_faulty_node",
        "cluster_id",
        CLUSTER,
        "node_pub_key",
        node,
        "era_id",
        9L);
  }

  @Test
  void faultyNodeReportsRemoveTheNodeAtQuorumAndChillItsStake() {
    nodeInCluster();
    assertThat(run(5, report(nodeKey(5)))).isEqualTo("DdcVerification.Unauthorized");
    assertThat(run(V1, report(nodeKey(6)))).isEqualTo("DdcVerification.NodeIsNotInCluster");
    List<Object> ev = chain.run(V1, report(nodeKey(5)));
    assertThat(TestChain.names(ev)).contains("DdcVerification.FaultyNodeReported");
    assertThat(TestChain.names(ev)).doesNotContain("DdcVerification.FaultyNodeRemoved");
    assertThat(run(V1, report(nodeKey(5)))).isEqualTo("DdcVerification.FaultyNodeAlreadyReported");
    ev = chain.run(V2, report(nodeKey(5)));
    assertThat(TestChain.names(ev))
        .contains(
            "DdcVerification.FaultyNodeReported",
            "DdcClusters.ClusterNodeRemoved",
            "DdcStaking.Chilled",
            "DdcVerification.FaultyNodeRemoved");
    assertThat(
            chain.rt.ddc.clusterNodes.exists(chain.state, CLUSTER, DdcPallets.nodeKey(nodeKey(5))))
        .isFalse();
    assertThat(chain.rt.ddc.storages.get(chain.state, chain.id(5))).isNull();
    Map<?, ?> node =
        (Map<?, ?>) chain.rt.ddc.storageNodes.get(chain.state, (byte[]) nodeKey(5).value());
    assertThat(DdcPallets.unwrap(node.get("cluster_id"))).isNull();
    assertThat(pallets.faultyReports.get(chain.state, CLUSTER, DdcPallets.nodeKey(nodeKey(5))))
        .isNull();
  }

  @Test
  void rootSetsTheValidatorsThroughSudo() {
    EnumValue set =
        call(
            "DdcVerification",
            "force_set_validators",
            "validators",
            List.of(chain.id(5), chain.id(1)));
    assertThat(run(5, set)).isEqualTo("BadOrigin");
    List<Object> ev = chain.run(0, call("Sudo", "sudo", "call", set));
    assertThat(TestChain.names(ev)).contains("DdcVerification.ValidatorsSetUpdated");
    assertThat(pallets.validators(chain.state)).containsExactly(chain.id(5), chain.id(1));
    PayoutTree pt = new PayoutTree(List.of(new PayoutEntry(chain.id(5), cere(1))));
    assertThat(run(5, commit(1, pt.root(), pt.root()))).isNull();
    assertThat(run(V1, commit(1, pt.root(), pt.root()))).isEqualTo("DdcPayouts.Unauthorized");
  }
}
