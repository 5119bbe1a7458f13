package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;

import io.ddc.crypto.Hashing;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.metadata.RuntimeMetadata;
import io.ddc.pallets.scale.ScaleException;
import io.ddc.pallets.scale.ScaleReader;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executive of the Cere dev runtime model: genesis, block initialization and finalization,
 * extrinsic checks (signature, then the signed extensions in order), fee payment, dispatch with
 * storage layers, events, and the runtime APIs. Pure: state comes in as a {@link State}, time and
 * block numbers as arguments. Not thread-safe; one instance serves one chain.
 */
public final class CereRuntime {
  final RuntimeConfig config;
  final Genesis genesis;
  final CereMetadata meta;
  final Types types;
  final RuntimeKeys keys = new RuntimeKeys();
  final SystemPallet system = new SystemPallet(this);
  final BalancesPallet balances = new BalancesPallet(this);
  final UtilityPallet utility = new UtilityPallet(this);
  final SudoPallet sudo = new SudoPallet(this);
  final DdcPallets ddc;
  final PayoutPallets payouts;
  private final byte[] metadataBytes;
  private final byte[] versionBytes;

  public CereRuntime(RuntimeConfig config, Genesis genesis) {
    this.config = config;
    this.genesis = genesis;
    this.meta = new CereMetadata(config);
    this.types = meta.t;
    this.metadataBytes = meta.metadata.toBytes();
    this.versionBytes = meta.encode(types.runtimeVersion, config.versionValue());
    this.ddc = new DdcPallets(this, meta.metadata);
    this.payouts = new PayoutPallets(this, meta.metadata);
  }

  /** The dev runtime with the dev genesis (//Alice … //Ferdie sr25519, Alice sudo). */
  public static CereRuntime dev() {
    return new CereRuntime(RuntimeConfig.dev(), Genesis.dev());
  }

  /** A transaction's pool data: priority, tags it requires and provides, blocks it stays valid. */
  public record Validity(
      long priority, List<byte[]> requires, List<byte[]> provides, long longevity) {}

  /** SCALE {@code RuntimeVersion}. */
  public byte[] version() {
    return versionBytes.clone();
  }

  /** SCALE {@code RuntimeMetadataPrefixed}. */
  public byte[] metadata() {
    return metadataBytes.clone();
  }

  public RuntimeMetadata runtimeMetadata() {
    return meta.metadata;
  }

  public RuntimeConfig config() {
    return config;
  }

  /**
   * Writes the genesis state: endowments, total issuance, sudo key, validator set, fee multiplier.
   */
  public void buildGenesis(State s) {
    buildGenesis(s, List.of());
  }

  /**
   * {@link #buildGenesis(State)} with {@code validators} as the validator set instead of the
   * genesis' own when not empty.
   */
  public void buildGenesis(State s, List<byte[]> validators) {
    Ctx c = new Ctx(this, s, 0);
    for (Genesis.Endowment e : genesis.endowed()) {
      balances.mint(c, e.account(), e.free());
    }
    sudo.setKey(s, genesis.sudoKey());
    List<byte[]> set = validators.isEmpty() ? genesis.validators() : validators;
    if (!set.isEmpty()) {
      payouts.setValidators(c, set);
    }
    s.put(
        keys.nextFeeMultiplier,
        new ScaleWriter(16).u128(RuntimeConfig.FEE_MULTIPLIER_ONE).toByteArray());
    clearEvents(s, true);
  }

  /**
   * Forgets the events: the slots too when {@code slots} (genesis); a finalized block already moved
   * its slots into {@code System.Events}.
   */
  private void clearEvents(State s, boolean slots) {
    if (slots) {
      long n = Ctx.u32(s.get(keys.eventCount));
      for (long i = 0; i < n; i++) {
        s.delete(Ctx.eventSlot(i));
      }
    }
    s.delete(keys.eventCount);
    s.delete(keys.events);
  }

  /** Starts block {@code number}: number, parent hash, block hash map, timestamp, fresh events. */
  public void initializeBlock(State s, long number, byte[] parentHash, long timestampMillis) {
    clearEvents(s, false);
    s.put(keys.number, u32(number));
    s.put(keys.parentHash, parentHash);
    s.put(blockHashKey(number - 1), parentHash);
    // frame_system keeps the last BlockHashCount hashes, and the genesis hash for ever: every
    // signed payload includes it, so without it no transaction validates past block 2401.
    long stale = number - 1 - RuntimeConfig.BLOCK_HASH_COUNT;
    if (stale > 0) {
      s.delete(blockHashKey(stale));
      recentHashes.remove(stale);
    }
    recentHashes.put(number - 1, parentHash.clone());
    lastBlockStarted = Math.max(lastBlockStarted, number);
    s.put(keys.extrinsicIndex, u32(0));
    s.delete(keys.extrinsicCount);
    s.put(keys.timestampNow, new ScaleWriter(8).u64(timestampMillis).toByteArray());
  }

  /** Ends the block: assembles {@code System.Events}, records the extrinsic count. */
  public void finalizeBlock(State s) {
    long n = Ctx.u32(s.get(keys.eventCount));
    ScaleWriter w = new ScaleWriter((int) Math.min(1 << 20, 64 + n * 96));
    w.compact(n);
    for (long i = 0; i < n; i++) {
      byte[] slot = Ctx.eventSlot(i);
      w.raw(s.get(slot));
      s.delete(slot);
    }
    s.put(keys.events, w.toByteArray());
    s.put(keys.extrinsicCount, u32(Ctx.u32(s.get(keys.extrinsicIndex))));
    s.delete(keys.extrinsicIndex);
  }

  byte[] blockHashKey(long n) {
    return StorageKey.map(keys.blockHash, Hasher.TWOX_64_CONCAT, u32(n));
  }

  static byte[] u32(long v) {
    return new ScaleWriter(4).u32(v).toByteArray();
  }

  private long blockNumber(State s) {
    return Ctx.u32(s.get(keys.number));
  }

  /** The account's nonce. */
  public long accountNonce(State s, byte[] account) {
    return system.account(s, account).nonce();
  }

  /** The account's {@code AccountInfo} (all zero when it does not exist). */
  public AccountInfo account(State s, byte[] account) {
    return system.account(s, account);
  }

  /** Total issuance. */
  public BigInteger totalIssuance(State s) {
    return balances.totalIssuance(s);
  }

  private Extrinsic decode(byte[] xt) {
    try {
      return Extrinsic.decode(this, xt);
    } catch (ScaleException e) {
      throw TransactionValidityException.invalid("Could not decode: " + e.getMessage());
    }
  }

  /**
   * Pool validation at the state of a block being built on the head (see {@link #initializeBlock}).
   */
  public Validity validate(State s, byte[] xt) {
    Ctx c = new Ctx(this, new Overlay(s), blockNumber(s));
    Extrinsic x = decode(xt);
    if (!x.signed()) {
      throw TransactionValidityException.invalid(TransactionValidityException.CALL);
    }
    byte[] who = check(c, x, false);
    long current = system.account(c.state, who).nonce();
    List<byte[]> requires = new ArrayList<>();
    if (x.nonce() > current) {
      requires.add(nonceTag(who, x.nonce() - 1));
    }
    long longevity = x.immortal() ? Long.MAX_VALUE : x.death(c.blockNumber) - c.blockNumber;
    return new Validity(
        x.tip().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue(),
        requires,
        List.of(nonceTag(who, x.nonce())),
        longevity);
  }

  /** {@code (AccountId, u32 nonce)} SCALE, the tag a transaction provides. */
  public static byte[] nonceTag(byte[] who, long nonce) {
    return StorageKey.concat(who, u32(nonce));
  }

  /**
   * Signature and signed-extension checks in FRAME's order; returns the signer. {@code preDispatch}
   * refuses future nonces too.
   */
  private byte[] check(Ctx c, Extrinsic x, boolean preDispatch) {
    Object addr = x.address().value();
    if (!("Id".equals(x.address().name()) && addr instanceof byte[] who)) {
      throw new TransactionValidityException(
          TransactionValidityException.UNKNOWN, TransactionValidityException.CANNOT_LOOKUP);
    }
    byte[] genesisHash = c.state.get(blockHashKey(0));
    byte[] birthHash = c.state.get(blockHashKey(x.birth(c.blockNumber)));
    if (genesisHash == null || birthHash == null) {
      throw TransactionValidityException.invalid(TransactionValidityException.ANCIENT);
    }
    byte[] payload = payload(x, genesisHash, birthHash);
    if (!verify(x.signatureScheme(), who, payload, x.signature())) {
      throw TransactionValidityException.invalid(TransactionValidityException.BAD_PROOF);
    }
    if (java.util.Arrays.equals(who, new byte[32])) {
      throw TransactionValidityException.invalid(TransactionValidityException.BAD_SIGNER);
    }
    if (c.blockNumber >= x.death(c.blockNumber)) {
      throw TransactionValidityException.invalid(TransactionValidityException.STALE);
    }
    AccountInfo a = system.account(c.state, who);
    if (x.nonce() < a.nonce()) {
      throw TransactionValidityException.invalid(TransactionValidityException.STALE);
    }
    if (preDispatch && x.nonce() > a.nonce()) {
      throw TransactionValidityException.invalid("Transaction will be valid in the future");
    }
    BigInteger fee = Fees.fee(x.length(), Fees.weight(x.call()), x.tip());
    if (!a.exists() || fee.compareTo(balances.reducible(a, true)) > 0) {
      throw TransactionValidityException.invalid(TransactionValidityException.PAYMENT);
    }
    return who;
  }

  /**
   * Verifies a {@code MultiSignature}; a pool transaction is checked again at inclusion and after
   * every block, so good signatures are remembered (keyed by a hash of scheme, key, signature and
   * payload, bounded by {@link #VERIFIED_CACHE_ENTRIES}).
   */
  private boolean verify(int scheme, byte[] who, byte[] payload, byte[] sig) {
    if (scheme > 1) {
      return false;
    }
    ByteBuffer key =
        ByteBuffer.wrap(
            Hashing.blake2b256(StorageKey.concat(new byte[] {(byte) scheme}, who, sig, payload)));
    if (verified.containsKey(key)) {
      return true;
    }
    boolean ok =
        Signatures.verify(scheme == 0 ? KeyScheme.ED25519 : KeyScheme.SR25519, who, payload, sig);
    if (ok) {
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  /** Good signatures remembered by {@link #verify}: 65 536 entries (about 8 MiB). */
  static final int VERIFIED_CACHE_ENTRIES = 1 << 16;

  private final Map<ByteBuffer, Boolean> verified =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
              return size() > VERIFIED_CACHE_ENTRIES;
            }
          });

  /** Block hashes by number as blocks start (for {@link #preverify}), the last 2400. */
  private final java.util.concurrent.ConcurrentHashMap<Long, byte[]> recentHashes =
      new java.util.concurrent.ConcurrentHashMap<>();

  private volatile long lastBlockStarted;

  /**
   * Verifies {@code xt}'s signature ahead of the chain thread and remembers it when good, so the
   * pool check and inclusion find it verified. Thread-safe, may run concurrently with everything
   * else; never throws and changes no chain state (a miss only means the check verifies itself).
   */
  public void preverify(byte[] xt) {
    try {
      Extrinsic x = Extrinsic.decode(this, xt);
      byte[] genesis = recentHashes.get(0L);
      byte[] birth = recentHashes.get(x.birth(lastBlockStarted));
      if (!x.signed()
          || genesis == null
          || birth == null
          || !(x.address().value() instanceof byte[] who)) {
        return;
      }
      verify(x.signatureScheme(), who, payload(x, genesis, birth), x.signature());
    } catch (RuntimeException malformed) {
      // the chain thread reports it
    }
  }

  /** The signed payload: call, extra, spec and transaction versions, genesis and birth hashes. */
  private byte[] payload(Extrinsic x, byte[] genesisHash, byte[] birthHash) {
    ScaleWriter p = new ScaleWriter(x.callBytes().length + x.extra().length + 72);
    p.raw(x.callBytes()).raw(x.extra()).u32(config.specVersion()).u32(config.transactionVersion());
    byte[] payload = p.raw(genesisHash).raw(birthHash).toByteArray();
    return payload.length > 256 ? Hashing.blake2b256(payload) : payload;
  }

  /**
   * Applies one extrinsic to the block under construction. Throws {@link
   * TransactionValidityException} when it is invalid (the caller drops its writes); a failed
   * dispatch is not invalid: it pays its fee and reports {@code ExtrinsicFailed}.
   */
  public void apply(State s, byte[] xt) {
    Ctx c = new Ctx(this, s, blockNumber(s));
    c.extrinsicIndex = Ctx.u32(s.get(keys.extrinsicIndex));
    Extrinsic x = decode(xt);
    if (!x.signed()) {
      throw TransactionValidityException.invalid(TransactionValidityException.CALL);
    }
    byte[] who = check(c, x, true);
    AccountInfo a = system.account(s, who);
    system.putAccount(s, who, a.withNonce(a.nonce() + 1));
    Fees.Weight weight = Fees.weight(x.call());
    BigInteger fee = Fees.fee(x.length(), weight, x.tip());
    balances.withdrawFee(c, who, fee);
    Map<String, Object> info = Fees.dispatchInfo(weight);
    EnumValue error = null;
    try {
      c.layer(() -> dispatch(c, new Origin.Signed(who), x.call()));
    } catch (DispatchException e) {
      error = e.error();
    }
    c.event(
        "TransactionPayment",
        "TransactionFeePaid",
        fields("who", who, "actual_fee", fee, "tip", x.tip()));
    if (error == null) {
      c.event("System", "ExtrinsicSuccess", fields("dispatch_info", info));
    } else {
      c.event("System", "ExtrinsicFailed", fields("dispatch_error", error, "dispatch_info", info));
    }
    s.put(keys.extrinsicIndex, u32(c.extrinsicIndex + 1));
  }

  /** Dispatches a decoded {@code RuntimeCall} with {@code origin}; throws on a dispatch error. */
  Object dispatch(Ctx c, Origin origin, EnumValue call) {
    EnumValue inner = (EnumValue) call.value();
    Map<?, ?> args = inner.value() == null ? Map.of() : (Map<?, ?>) inner.value();
    switch (call.name()) {
      case "System" -> system.dispatch(c, origin, inner.name(), args);
      case "Balances" -> balances.dispatch(c, origin, inner.name(), args);
      case "Utility" -> utility.dispatch(c, origin, inner.name(), args);
      case "Sudo" -> sudo.dispatch(c, origin, inner.name(), args);
      case "Timestamp" -> throw DispatchException.badOrigin(); // an inherent only
      case "DdcCustomers" -> ddc.customers(c, origin, inner.name(), args);
      case "DdcNodes" -> ddc.nodes(c, origin, inner.name(), args);
      case "DdcClusters" -> ddc.clusters(c, origin, inner.name(), args);
      case "DdcStaking" -> ddc.staking(c, origin, inner.name(), args);
      case "DdcClustersGov" -> ddc.clustersGov(c, origin, inner.name(), args);
      case "DdcPayouts" -> payouts.payouts(c, origin, inner.name(), args);
      case "DdcVerification" -> payouts.verification(c, origin, inner.name(), args);
      default ->
          throw DispatchException.module( // System's error 5, CallFiltered
              SystemPallet.INDEX, 5, "System.CallFiltered: " + call.name() + " has no calls");
    }
    return null;
  }

  static byte[] signed(Origin o) {
    if (o instanceof Origin.Signed(byte[] who)) {
      return who;
    }
    throw DispatchException.badOrigin();
  }

  static void root(Origin o) {
    if (!(o instanceof Origin.Root)) {
      throw DispatchException.badOrigin();
    }
  }

  /**
   * A runtime API call: {@code Core_version}, {@code Metadata_metadata}, {@code
   * AccountNonceApi_account_nonce}, {@code TransactionPaymentApi_query_info} and {@code
   * _query_fee_details}. Unknown methods throw {@link IllegalArgumentException}.
   */
  public byte[] call(State s, String method, byte[] args) {
    switch (method) {
      case "Core_version":
        return version();
      case "Metadata_metadata":
        return new ScaleWriter(metadataBytes.length + 5).bytes(metadataBytes).toByteArray();
      case "AccountNonceApi_account_nonce":
        {
          ScaleReader r = new ScaleReader(args);
          byte[] who = r.raw(32);
          return u32(accountNonce(s, who));
        }
      case "TransactionPaymentApi_query_info":
      case "TransactionPaymentApi_query_fee_details":
        {
          if (args.length < 5) {
            throw new IllegalArgumentException(
                method + " takes (Extrinsic, u32), " + args.length + " bytes given");
          }
          byte[] xt = java.util.Arrays.copyOf(args, args.length - 4);
          long len = new ScaleReader(args, args.length - 4, 4).u32();
          Extrinsic x;
          try {
            x = Extrinsic.decode(this, xt);
          } catch (ScaleException e) {
            throw new IllegalArgumentException(
                "Bad input data provided to " + method + ": " + e.getMessage());
          }
          Fees.Weight w = Fees.weight(x.call());
          ScaleWriter out = new ScaleWriter();
          if (method.endsWith("query_info")) {
            out.compact(w.refTime()).compact(w.proofSize()).u8(0);
            out.u128(x.signed() ? Fees.fee(len, w, BigInteger.ZERO) : BigInteger.ZERO);
          } else {
            if (x.signed()) {
              out.u8(1)
                  .u128(Fees.baseFee())
                  .u128(Fees.lengthFee(len))
                  .u128(BigInteger.valueOf(w.refTime()));
            } else {
              out.u8(0);
            }
            out.u128(x.tip());
          }
          return out.toByteArray();
        }
      default:
        throw new IllegalArgumentException("Exported method " + method + " is not found");
    }
  }
}
