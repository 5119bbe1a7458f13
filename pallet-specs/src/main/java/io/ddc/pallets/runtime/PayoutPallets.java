package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.DdcPallets.big;
import static io.ddc.pallets.runtime.DdcPallets.map;
import static io.ddc.pallets.runtime.DdcPallets.nodeKey;
import static io.ddc.pallets.runtime.DdcPallets.num;
import static io.ddc.pallets.runtime.SystemPallet.fields;

import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.metadata.RuntimeMetadata;
import io.ddc.pallets.payouts.Billing;
import io.ddc.pallets.payouts.FeeShares;
import io.ddc.pallets.payouts.Fees;
import io.ddc.pallets.payouts.Mmr;
import io.ddc.pallets.payouts.PayoutEntry;
import io.ddc.pallets.payouts.PayoutFingerprint;
import io.ddc.pallets.payouts.PayoutTree;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The dev line's DdcPayouts (chain.md §2.6.b) and DdcVerification (§2.7, last public, with this
 * project's extension of decision 0030) as an executable model. Validators (accounts of {@code
 * ValidatorSet} that have a {@code ValidatorToStashKey} entry) commit payout fingerprints; once 67
 * % of the set agree, a payout charges customers and rewards providers in MMR-proven batches,
 * taking the treasury, validators' and cluster reserve's fees in between; validators' reports
 * remove a faulty node from its cluster once 67 % of the set agree.
 */
final class PayoutPallets {
  private static final int P = PayoutMetadata.PAYOUTS;
  private static final int V = PayoutMetadata.VERIFICATION;
  private static final Perquintill QUORUM =
      Perquintill.fromPercent(PayoutMetadata.VALIDATORS_QUORUM_PERCENT);

  private final CereRuntime rt;
  private final DdcPallets ddc;
  private final BigInteger ed = RuntimeConfig.EXISTENTIAL_DEPOSIT;
  final Item receipts;
  final Item debtors;
  final Item fingerprints;
  final Item validatorSet;
  final Item validatorToStash;
  final Item faultyReports;

  PayoutPallets(CereRuntime rt, RuntimeMetadata md) {
    this.rt = rt;
    this.ddc = rt.ddc;
    receipts = DdcPallets.item(md, "DdcPayouts", "PayoutReceipts");
    debtors = DdcPallets.item(md, "DdcPayouts", "DebtorCustomers");
    fingerprints = DdcPallets.item(md, "DdcPayouts", "PayoutFingerprints");
    validatorSet = DdcPallets.item(md, "DdcVerification", "ValidatorSet");
    validatorToStash = DdcPallets.item(md, "DdcVerification", "ValidatorToStashKey");
    faultyReports = DdcPallets.item(md, "DdcVerification", "FaultyNodeReports");
  }

  /** The treasury: "modl" ‖ "py/trsry" ‖ zero padding. */
  static byte[] treasury() {
    return palletAccount("py/trsry");
  }

  private static byte[] vault() {
    return DdcPallets.payoutsVault();
  }

  private static byte[] palletAccount(String id) {
    byte[] out = new byte[32];
    byte[] head = ("modl" + id).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, out, 0, head.length);
    return out;
  }

  private static DispatchException payoutsError(int index, String name) {
    return DispatchException.module(P, index, name);
  }

  private static DispatchException verificationError(int index, String name) {
    return DispatchException.module(V, index, name);
  }

  /** Deposits a DdcPayouts event whose first fields are {@code cluster_id} and {@code era}. */
  private static void event(Ctx c, String name, byte[] cluster, long era, Object... more) {
    Object[] kv = new Object[4 + more.length];
    kv[0] = "cluster_id";
    kv[1] = cluster;
    kv[2] = "era";
    kv[3] = era;
    System.arraycopy(more, 0, kv, 4, more.length);
    c.event("DdcPayouts", name, fields(kv));
  }

  /** A batch event: {@code cluster_id, era, batch_index, <who>: account, more…}. */
  private static void batchEvent(
      Ctx c,
      String name,
      byte[] cluster,
      long era,
      long batch,
      String who,
      byte[] account,
      Object... more) {
    Object[] kv = new Object[4 + more.length];
    kv[0] = "batch_index";
    kv[1] = batch;
    kv[2] = who;
    kv[3] = account;
    System.arraycopy(more, 0, kv, 4, more.length);
    event(c, name, cluster, era, kv);
  }

  private static byte[] u32(long v) {
    return new ScaleWriter(4).u32(v).toByteArray();
  }

  // ---- the validator set ----------------------------------------------------------------------

  /** The validator set (empty when never set). */
  List<byte[]> validators(State s) {
    Object v = validatorSet.get(s);
    List<byte[]> out = new ArrayList<>();
    if (v != null) {
      for (Object o : (List<?>) v) {
        out.add((byte[]) o);
      }
    }
    return out;
  }

  private static boolean contains(List<byte[]> list, byte[] who) {
    for (byte[] b : list) {
      if (Arrays.equals(b, who)) {
        return true;
      }
    }
    return false;
  }

  /** {@code is_ocw_validator}: in {@code ValidatorSet} and with a stash key. */
  private boolean isValidator(State s, byte[] who) {
    return contains(validators(s), who) && validatorToStash.exists(s, who);
  }

  /** {@code is_quorum_reached}: {@code 67 % × |ValidatorSet| <= n}. */
  private boolean quorum(State s, int n) {
    return QUORUM.mul(BigInteger.valueOf(validators(s).size())).compareTo(BigInteger.valueOf(n))
        <= 0;
  }

  /** Installs {@code accounts} as the validator set, each its own stash unless already keyed. */
  void setValidators(Ctx c, List<byte[]> accounts) {
    List<byte[]> set = new ArrayList<>();
    for (byte[] a : accounts) {
      if (!contains(set, a)) {
        set.add(a.clone());
      }
    }
    validatorSet.put(c.state, new ArrayList<Object>(set));
    for (byte[] a : set) {
      if (!validatorToStash.exists(c.state, a)) {
        validatorToStash.put(c.state, a, a);
      }
    }
  }

  // ---- DdcVerification ------------------------------------------------------------------------

  void verification(Ctx c, Origin o, String call, Map<?, ?> a) {
    switch (call) {
      case "set_validator_key" -> {
        byte[] who = CereRuntime.signed(o);
        byte[] key = (byte[]) a.get("ddc_validator_pub");
        if (!contains(validators(c.state), key)) {
          throw verificationError(PayoutMetadata.V_NOT_VALIDATOR_STASH, "NotValidatorStash");
        }
        validatorToStash.put(c.state, who, key);
        c.event("DdcVerification", "ValidatorKeySet", fields("validator", key));
      }
      case "force_set_validator_key" -> {
        CereRuntime.root(o);
        byte[] key = (byte[]) a.get("ddc_validator_pub");
        validatorToStash.put(c.state, a.get("controller"), key);
        c.event("DdcVerification", "ValidatorKeySet", fields("validator", key));
      }
      case "force_set_validators" -> {
        CereRuntime.root(o);
        List<byte[]> set = new ArrayList<>();
        for (Object v : (List<?>) a.get("validators")) {
          set.add((byte[]) v);
        }
        setValidators(c, set);
        c.event(
            "DdcVerification",
            "ValidatorsSetUpdated",
            fields("validators", new ArrayList<Object>(validators(c.state))));
      }
      case "force_skip_inspection" -> {
        CereRuntime.root(o);
        byte[] cluster = (byte[]) a.get("cluster_id");
        long era;
        try {
          era = PayoutFingerprint.eraOf((String) a.get("ehd_id"));
        } catch (IllegalArgumentException e) {
          throw verificationError(PayoutMetadata.V_BAD_REQUEST, "BadRequest");
        }
        Map<String, Object> cl = cluster(c, cluster, V, PayoutMetadata.V_BAD_REQUEST, "BadRequest");
        if (era <= num(cl.get("last_paid_era"))) {
          throw verificationError(PayoutMetadata.V_ERA_ALREADY_PAID, "EraAlreadyPaid");
        }
        Map<String, Object> r = newReceipt(new byte[32]);
        r.put("state", EnumValue.of("Finalized"));
        r.put("finalized_at", DdcPallets.some(c.blockNumber));
        receipts.put(c.state, r, cluster, u32(era));
        setLastPaidEra(c, cluster, cl, era);
      }
      case "report_faulty_node" -> reportFaultyNode(c, o, a);
      default ->
          throw new IllegalStateException("DdcVerification." + call + " is not dispatchable");
    }
  }

  private Map<String, Object> cluster(Ctx c, byte[] cluster, int pallet, int error, String name) {
    Object cl = ddc.clusters.get(c.state, cluster);
    if (cl == null) {
      throw DispatchException.module(pallet, error, name);
    }
    return map(cl);
  }

  private void setLastPaidEra(Ctx c, byte[] cluster, Map<String, Object> cl, long era) {
    cl.put("last_paid_era", era);
    ddc.clusters.put(c.state, cl, cluster);
    c.event("DdcClusters", "ClusterEraPaid", fields("cluster_id", cluster, "era_id", era));
  }

  private void reportFaultyNode(Ctx c, Origin o, Map<?, ?> a) {
    byte[] who = CereRuntime.signed(o);
    if (!isValidator(c.state, who)) {
      throw verificationError(PayoutMetadata.V_UNAUTHORIZED, "Unauthorized");
    }
    byte[] cluster = (byte[]) a.get("cluster_id");
    EnumValue node = (EnumValue) a.get("node_pub_key");
    long era = num(a.get("era_id"));
    if (!ddc.clusterNodes.exists(c.state, cluster, nodeKey(node))) {
      throw verificationError(PayoutMetadata.V_NODE_NOT_IN_CLUSTER, "NodeIsNotInCluster");
    }
    List<byte[]> reporters = new ArrayList<>();
    Object prev = faultyReports.get(c.state, cluster, nodeKey(node));
    if (prev != null) {
      for (Object r : (List<?>) prev) {
        reporters.add((byte[]) r);
      }
    }
    if (contains(reporters, who)) {
      throw verificationError(PayoutMetadata.V_ALREADY_REPORTED, "FaultyNodeAlreadyReported");
    }
    reporters.add(who);
    c.event(
        "DdcVerification",
        "FaultyNodeReported",
        fields("validator", who, "cluster_id", cluster, "node_pub_key", node, "era_id", era));
    if (!quorum(c.state, reporters.size())) {
      faultyReports.put(c.state, new ArrayList<Object>(reporters), cluster, nodeKey(node));
      return;
    }
    faultyReports.delete(c.state, cluster, nodeKey(node));
    Object n = ddc.storageNodes.get(c.state, (byte[]) node.value());
    ddc.detachNode(c, cluster, node, map(n));
    ddc.chillStorage(c, node);
    c.event(
        "DdcVerification",
        "FaultyNodeRemoved",
        fields("cluster_id", cluster, "node_pub_key", node));
  }

  // ---- DdcPayouts -----------------------------------------------------------------------------

  void payouts(Ctx c, Origin o, String call, Map<?, ?> a) {
    byte[] who = CereRuntime.signed(o);
    if (!isValidator(c.state, who)) {
      throw payoutsError(PayoutMetadata.E_UNAUTHORIZED, "Unauthorized");
    }
    byte[] cluster = (byte[]) a.get("cluster_id");
    if (call.equals("commit_payout_fingerprint")) {
      commitFingerprint(c, who, cluster, a);
      return;
    }
    long era = num(a.get("era_id"));
    if (call.equals("begin_payout")) {
      beginPayout(c, who, cluster, era, (byte[]) a.get("fingerprint"));
      return;
    }
    Object existing = receipts.get(c.state, cluster, u32(era));
    if (existing == null) {
      throw payoutsError(PayoutMetadata.E_RECEIPT_DOES_NOT_EXIST, "PayoutReceiptDoesNotExist");
    }
    Map<String, Object> r = map(existing);
    switch (call) {
      case "begin_charging_customers" ->
          beginPhase(c, cluster, era, r, a, "Initialized", "ChargingCustomers", "charging");
      case "send_charging_customers_batch" -> chargeBatch(c, cluster, era, r, a);
      case "end_charging_customers" -> endCharging(c, cluster, era, r);
      case "begin_rewarding_providers" ->
          beginPhase(
              c, cluster, era, r, a, "CustomersChargedWithFees", "RewardingProviders", "rewarding");
      case "send_rewarding_providers_batch" -> rewardBatch(c, cluster, era, r, a);
      case "end_rewarding_providers" -> endRewarding(c, cluster, era, r);
      case "end_payout" -> endPayout(c, cluster, era, r);
      default -> throw new IllegalStateException("DdcPayouts." + call + " is not dispatchable");
    }
    receipts.put(c.state, r, cluster, u32(era));
  }

  private void commitFingerprint(Ctx c, byte[] who, byte[] cluster, Map<?, ?> a) {
    String ehdId = (String) a.get("ehd_id");
    byte[] payers = (byte[]) a.get("payers_root");
    byte[] payees = (byte[]) a.get("payees_root");
    byte[] zero = new byte[32];
    if (Arrays.equals(payers, zero) || Arrays.equals(payees, zero)) {
      throw payoutsError(PayoutMetadata.E_BAD_REQUEST, "BadRequest");
    }
    long era;
    try {
      era = PayoutFingerprint.eraOf(ehdId);
    } catch (IllegalArgumentException e) {
      throw payoutsError(PayoutMetadata.E_BAD_REQUEST, "BadRequest");
    }
    Map<String, Object> cl =
        cluster(c, cluster, P, PayoutMetadata.E_INCORRECT_CLUSTER_ID, "IncorrectClusterId");
    if (era <= num(cl.get("last_paid_era"))) {
      throw payoutsError(PayoutMetadata.E_BAD_REQUEST, "BadRequest");
    }
    byte[] fp = PayoutFingerprint.hash(cluster, ehdId, payers, payees);
    Object existing = fingerprints.get(c.state, fp);
    Map<String, Object> f =
        existing != null
            ? map(existing)
            : fields(
                "ehd_id",
                ehdId,
                "cluster_id",
                cluster,
                "payers_merkle_root",
                payers,
                "payees_merkle_root",
                payees,
                "validators",
                List.of());
    TreeSet<byte[]> validators = new TreeSet<>(Arrays::compareUnsigned);
    for (Object v : (List<?>) f.get("validators")) {
      validators.add((byte[]) v);
    }
    if (!validators.add(who)) {
      throw payoutsError(PayoutMetadata.E_FINGERPRINT_COMMITTED, "PayoutFingerprintCommitted");
    }
    f.put("validators", new ArrayList<Object>(validators));
    fingerprints.put(c.state, f, fp);
    c.event(
        "DdcPayouts",
        "PayoutFingerprintCommited",
        fields(
            "validator_id",
            who,
            "cluster_id",
            cluster,
            "era_id",
            era,
            "payers_merkle_root",
            payers,
            "payees_merkle_root",
            payees));
  }

  private Map<String, Object> newReceipt(byte[] fingerprint) {
    return fields(
        "state",
        EnumValue.of("Initialized"),
        "vault",
        vault(),
        "fingerprint",
        fingerprint,
        "total_collected_charges",
        BigInteger.ZERO,
        "total_distributed_rewards",
        BigInteger.ZERO,
        "total_settled_fees",
        BigInteger.ZERO,
        "charging_max_batch_index",
        0,
        "charging_processed_batches",
        List.of(),
        "rewarding_max_batch_index",
        0,
        "rewarding_processed_batches",
        List.of(),
        "finalized_at",
        DdcPallets.NONE);
  }

  private void beginPayout(Ctx c, byte[] who, byte[] cluster, long era, byte[] fp) {
    if (receipts.exists(c.state, cluster, u32(era))) {
      throw payoutsError(PayoutMetadata.E_NOT_EXPECTED_STATE, "NotExpectedState");
    }
    Object f = fingerprints.get(c.state, fp);
    if (f == null) {
      throw payoutsError(
          PayoutMetadata.E_FINGERPRINT_DOES_NOT_EXIST, "PayoutFingerprintDoesNotExist");
    }
    Map<?, ?> fingerprint = (Map<?, ?>) f;
    if (!Arrays.equals((byte[]) fingerprint.get("cluster_id"), cluster)
        || PayoutFingerprint.eraOf((String) fingerprint.get("ehd_id")) != era) {
      throw payoutsError(PayoutMetadata.E_BAD_REQUEST, "BadRequest");
    }
    if (!quorum(c.state, ((List<?>) fingerprint.get("validators")).size())) {
      throw payoutsError(PayoutMetadata.E_NO_QUORUM, "NoQuorumOnPayoutFingerprint");
    }
    // The vault must stay alive through the payout: whoever begins it tops it up to the
    // existential deposit (the pallet's genesis feeder does this once on Cere's chains).
    BigInteger short_ = ed.subtract(rt.system.account(c.state, vault()).free());
    if (short_.signum() > 0) {
      rt.balances.transfer(c, who, vault(), short_, true);
    }
    receipts.put(c.state, newReceipt(fp), cluster, u32(era));
    event(c, "PayoutInitialized", cluster, era);
  }

  private static String state(Map<String, Object> r) {
    return ((EnumValue) r.get("state")).name();
  }

  private static void requireState(Map<String, Object> r, String state) {
    if (!state(r).equals(state)) {
      throw payoutsError(PayoutMetadata.E_NOT_EXPECTED_STATE, "NotExpectedState");
    }
  }

  private void beginPhase(
      Ctx c,
      byte[] cluster,
      long era,
      Map<String, Object> r,
      Map<?, ?> a,
      String from,
      String to,
      String phase) {
    long max = num(a.get("max_batch_index"));
    if (max >= PayoutTree.MAX_BATCH_COUNT) {
      throw payoutsError(PayoutMetadata.E_BATCH_INDEX_OVERFLOW, "BatchIndexOverflow");
    }
    requireState(r, from);
    r.put(phase + "_max_batch_index", max);
    r.put("state", EnumValue.of(to));
    event(c, phase.equals("charging") ? "ChargingStarted" : "RewardingStarted", cluster, era);
  }

  /**
   * The checks every batch call makes, in the pallet's order; returns the batch as entries and
   * marks it processed in {@code r}.
   */
  private List<PayoutEntry> checkBatch(
      Ctx c,
      Map<String, Object> r,
      Map<?, ?> a,
      String list,
      String state,
      String phase,
      String root) {
    List<?> raw = (List<?>) a.get(list);
    if (raw.isEmpty() || raw.size() > PayoutTree.MAX_BATCH_SIZE) {
      throw payoutsError(PayoutMetadata.E_BATCH_SIZE_OUT_OF_BOUNDS, "BatchSizeIsOutOfBounds");
    }
    requireState(r, state);
    int index = (int) num(a.get("batch_index"));
    int max = (int) num(r.get(phase + "_max_batch_index"));
    if (index > max) {
      throw payoutsError(PayoutMetadata.E_BATCH_OUT_OF_RANGE, "BatchIndexIsOutOfRange");
    }
    List<Integer> done = new ArrayList<>();
    for (Object b : (List<?>) r.get(phase + "_processed_batches")) {
      done.add((int) num(b));
    }
    if (done.contains(index)) {
      throw payoutsError(PayoutMetadata.E_BATCH_ALREADY_PROCESSED, "BatchIndexAlreadyProcessed");
    }
    List<PayoutEntry> entries = new ArrayList<>();
    for (Object e : raw) {
      List<?> pair = (List<?>) e;
      entries.add(new PayoutEntry((byte[]) pair.get(0), big(pair.get(1))));
    }
    Map<?, ?> fp = (Map<?, ?>) fingerprints.get(c.state, (byte[]) r.get("fingerprint"));
    List<byte[]> proof = new ArrayList<>();
    for (Object h : (List<?>) ((Map<?, ?>) a.get("batch_proof")).get("proof")) {
      proof.add((byte[]) h);
    }
    Mmr.Verdict verdict =
        fp == null
            ? Mmr.Verdict.MISMATCH
            : PayoutTree.checkBatch((byte[]) fp.get(root), max, index, entries, proof);
    if (verdict == Mmr.Verdict.CORRUPTED) {
      throw payoutsError(PayoutMetadata.E_FAILED_TO_VERIFY_PROOF, "FailedToVerifyMerkleProof");
    }
    if (verdict == Mmr.Verdict.MISMATCH) {
      throw payoutsError(PayoutMetadata.E_BATCH_VALIDATION_FAILED, "BatchValidationFailed");
    }
    done.add(index);
    Collections.sort(done);
    r.put(phase + "_processed_batches", new ArrayList<Object>(done));
    return entries;
  }

  private void chargeBatch(Ctx c, byte[] cluster, long era, Map<String, Object> r, Map<?, ?> a) {
    List<PayoutEntry> payers =
        checkBatch(c, r, a, "payers", "ChargingCustomers", "charging", "payers_merkle_root");
    long batch = num(a.get("batch_index"));
    BigInteger collected = big(r.get("total_collected_charges"));
    for (PayoutEntry e : payers) {
      byte[] customer = e.account();
      BigInteger expected = e.amount();
      BigInteger charged;
      try {
        charged = c.layer(() -> ddc.chargeCustomer(c, customer, vault(), cluster, expected));
      } catch (DispatchException failed) {
        charged = BigInteger.ZERO;
        batchEvent(
            c,
            "ChargeError",
            cluster,
            era,
            batch,
            "customer_id",
            customer,
            "amount",
            expected,
            "error",
            failed.error());
      }
      if (charged.compareTo(expected) < 0) {
        BigInteger debt = expected.subtract(charged);
        Object before = debtors.get(c.state, cluster, customer);
        debtors.put(c.state, before == null ? debt : big(before).add(debt), cluster, customer);
        batchEvent(c, "Indebted", cluster, era, batch, "customer_id", customer, "amount", debt);
        if (charged.signum() > 0) {
          batchEvent(
              c,
              "ChargedPartially",
              cluster,
              era,
              batch,
              "customer_id",
              customer,
              "charged",
              charged,
              "expected_to_charge",
              expected);
        }
      } else {
        batchEvent(c, "Charged", cluster, era, batch, "customer_id", customer, "amount", charged);
      }
      collected = collected.add(charged);
    }
    r.put("total_collected_charges", collected);
  }

  private static void requireAllBatches(Map<String, Object> r, String phase) {
    long max = num(r.get(phase + "_max_batch_index"));
    if (((List<?>) r.get(phase + "_processed_batches")).size() != max + 1) {
      throw payoutsError(PayoutMetadata.E_BATCHES_MISSED, "BatchesMissed");
    }
  }

  /** Moves {@code amount} out of the vault; what cannot move (e.g. below ED) stays in it. */
  private BigInteger pay(Ctx c, byte[] to, BigInteger amount) {
    if (amount.signum() == 0) {
      return BigInteger.ZERO;
    }
    try {
      return c.layer(
          () -> {
            rt.balances.transfer(c, vault(), to, amount, true);
            return amount;
          });
    } catch (DispatchException cannot) {
      return BigInteger.ZERO;
    }
  }

  private static Perquintill share(Object v) {
    Object parts = v instanceof Map<?, ?> m ? m.values().iterator().next() : v;
    return Perquintill.fromParts(((Number) parts).longValue());
  }

  private void endCharging(Ctx c, byte[] cluster, long era, Map<String, Object> r) {
    requireState(r, "ChargingCustomers");
    requireAllBatches(r, "charging");
    event(c, "ChargingFinished", cluster, era);
    Object g = ddc.govParams.get(c.state, cluster);
    if (g == null) {
      throw payoutsError(PayoutMetadata.E_PROTOCOL_PARAMS_NOT_SET, "ClusterProtocolParamsNotSet");
    }
    Map<?, ?> gov = (Map<?, ?>) g;
    FeeShares shares =
        new FeeShares(
            share(gov.get("treasury_share")),
            share(gov.get("validators_share")),
            share(gov.get("cluster_reserve_share")));
    Fees fees = Billing.fees(big(r.get("total_collected_charges")), shares);
    BigInteger settled = BigInteger.ZERO;
    BigInteger t = pay(c, treasury(), fees.treasury());
    if (t.signum() > 0) {
      event(c, "TreasuryFeesCollected", cluster, era, "amount", t);
    }
    settled = settled.add(t);
    byte[] reserve = (byte[]) map(ddc.clusters.get(c.state, cluster)).get("reserve_id");
    BigInteger res = pay(c, reserve, fees.clusterReserve());
    if (res.signum() > 0) {
      event(c, "ClusterReserveFeesCollected", cluster, era, "amount", res);
    }
    settled = settled.add(res);
    List<byte[]> vs = validators(c.state);
    List<BigInteger> split =
        Billing.splitByScore(fees.validators(), Collections.nCopies(vs.size(), 1L));
    BigInteger toValidators = BigInteger.ZERO;
    // Equal shares rounded to the nearest unit can add up to more than the fee; the excess is
    // taken off the last validators, never off the providers' rewards.
    for (int i = 0; i < vs.size(); i++) {
      BigInteger left = fees.validators().subtract(toValidators);
      BigInteger paid = pay(c, vs.get(i), split.get(i).min(left));
      if (paid.signum() > 0) {
        event(c, "ValidatorRewarded", cluster, era, "validator_id", vs.get(i), "amount", paid);
      }
      toValidators = toValidators.add(paid);
    }
    if (toValidators.signum() > 0) {
      event(c, "ValidatorFeesCollected", cluster, era, "amount", toValidators);
    }
    settled = settled.add(toValidators);
    r.put("total_settled_fees", settled);
    r.put("state", EnumValue.of("CustomersChargedWithFees"));
  }

  private void rewardBatch(Ctx c, byte[] cluster, long era, Map<String, Object> r, Map<?, ?> a) {
    List<PayoutEntry> payees =
        checkBatch(c, r, a, "payees", "RewardingProviders", "rewarding", "payees_merkle_root");
    long batch = num(a.get("batch_index"));
    BigInteger distributed = big(r.get("total_distributed_rewards"));
    for (PayoutEntry e : payees) {
      BigInteger expected = e.amount();
      BigInteger available =
          rt.system.account(c.state, vault()).free().subtract(ed).max(BigInteger.ZERO);
      BigInteger rewarded = pay(c, e.account(), expected.min(available));
      if (expected.subtract(rewarded).compareTo(PayoutMetadata.MAX_DUST) > 0) {
        batchEvent(
            c,
            "NotDistributedReward",
            cluster,
            era,
            batch,
            "node_provider_id",
            e.account(),
            "expected_reward",
            expected,
            "distributed_reward",
            rewarded);
      }
      batchEvent(
          c,
          "Rewarded",
          cluster,
          era,
          batch,
          "node_provider_id",
          e.account(),
          "rewarded",
          rewarded,
          "expected_to_reward",
          expected);
      distributed = distributed.add(rewarded);
    }
    r.put("total_distributed_rewards", distributed);
  }

  private void endRewarding(Ctx c, byte[] cluster, long era, Map<String, Object> r) {
    requireState(r, "RewardingProviders");
    requireAllBatches(r, "rewarding");
    BigInteger expected =
        big(r.get("total_collected_charges")).subtract(big(r.get("total_settled_fees")));
    BigInteger distributed = big(r.get("total_distributed_rewards"));
    if (expected.subtract(distributed).compareTo(PayoutMetadata.MAX_DUST) > 0) {
      event(
          c,
          "NotDistributedOverallReward",
          cluster,
          era,
          "expected_reward",
          expected,
          "total_distributed_rewards",
          distributed);
    }
    r.put("state", EnumValue.of("ProvidersRewarded"));
    event(c, "RewardingFinished", cluster, era);
  }

  private void endPayout(Ctx c, byte[] cluster, long era, Map<String, Object> r) {
    requireState(r, "ProvidersRewarded");
    r.put("state", EnumValue.of("Finalized"));
    r.put("finalized_at", DdcPallets.some(c.blockNumber));
    r.put("charging_processed_batches", List.of());
    r.put("rewarding_processed_batches", List.of());
    event(c, "PayoutReceiptFinalized", cluster, era, "finalized_at", c.blockNumber);
    Map<String, Object> cl = map(ddc.clusters.get(c.state, cluster));
    if (era > num(cl.get("last_paid_era"))) {
      setLastPaidEra(c, cluster, cl, era);
    }
  }
}
