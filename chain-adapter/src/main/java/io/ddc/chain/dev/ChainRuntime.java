package io.ddc.chain.dev;

import java.util.List;

/**
 * What the dev chain needs from a runtime: the state transition and the runtime APIs, over a {@link
 * KvStore}. The chain calls it from one thread only. {@link PalletRuntime} implements it over
 * {@code pallet-specs}' model; tests may plug in a small fake.
 *
 * <p>Failures: {@link #validate} refuses with a {@link Refusal} (mapped to JSON-RPC 1010/1011);
 * {@link #apply} reports an invalid extrinsic in its result; any other exception from a method
 * fails that one request or drops that one extrinsic, never the chain.
 */
public interface ChainRuntime {
  /** SCALE {@code RuntimeVersion}. */
  byte[] version();

  /** SCALE {@code RuntimeMetadataPrefixed}. */
  byte[] metadata();

  /** Writes the genesis state. */
  void buildGenesis(KvStore state);

  /**
   * Writes the genesis state with {@code validators} as the genesis validator set ({@link
   * DevChainOptions#setGenesisValidators}); a runtime without one refuses a non-empty set.
   */
  default void buildGenesis(KvStore state, List<byte[]> validators) {
    if (!validators.isEmpty()) {
      throw new DevChainException("this runtime has no validator set to install at genesis");
    }
    buildGenesis(state);
  }

  /** Starts block {@code number} (system bookkeeping, timestamp inherent). */
  void initializeBlock(KvStore state, long number, byte[] parentHash, long timestampMillis);

  /**
   * Applies one extrinsic; an invalid one must leave no writes the chain keeps (the chain discards
   * them anyway).
   */
  Applied apply(KvStore state, byte[] extrinsic);

  /** Ends the block. */
  void finalizeBlock(KvStore state);

  /**
   * Pool validation against the head state on which the chain has already called {@link
   * #initializeBlock} for the next block (writes discarded); throws {@link Refusal} when the pool
   * must not take it.
   */
  Valid validate(KvStore state, byte[] extrinsic);

  /**
   * A runtime API call ({@code state_call}); throws {@link IllegalArgumentException} for an unknown
   * method.
   */
  byte[] call(KvStore state, String method, byte[] args);

  /**
   * Optional work on a submitted extrinsic before it reaches the chain thread (signature
   * verification into a cache). Called from worker threads, concurrently with everything else; must
   * be thread-safe, never throw and change no state the chain sees.
   */
  default void preverify(byte[] extrinsic) {}

  /** The account's nonce in {@code state}. */
  long accountNonce(KvStore state, byte[] accountId);

  /**
   * The tag an extrinsic of {@code accountId} with {@code nonce} provides ({@code (AccountId, u32)}
   * SCALE).
   */
  default byte[] nonceTag(byte[] accountId, long nonce) {
    byte[] t = new byte[accountId.length + 4];
    System.arraycopy(accountId, 0, t, 0, accountId.length);
    for (int i = 0; i < 4; i++) {
      t[accountId.length + i] = (byte) (nonce >>> (8 * i));
    }
    return t;
  }

  /**
   * Creates the runtime {@code ./ddc chain --dev} and the devnet run; found with {@link
   * java.util.ServiceLoader} ({@code META-INF/services/io.ddc.chain.dev.ChainRuntime$Provider}) by
   * {@link #dev()}.
   */
  interface Provider {
    /** A fresh runtime with the dev genesis (dev accounts endowed, Alice sudo). */
    ChainRuntime createDev();
  }

  /**
   * The dev runtime of the first {@link Provider} on the class path; {@link DevChainException}
   * naming the fix when there is none.
   */
  static ChainRuntime dev() {
    for (Provider p : java.util.ServiceLoader.load(Provider.class)) {
      return p.createDev();
    }
    throw new DevChainException(
        "no runtime model on the class path: the dev chain needs a ChainRuntime.Provider (the pallet-specs model"
            + " adapter) registered in META-INF/services/io.ddc.chain.dev.ChainRuntime$Provider");
  }

  /** A valid transaction's pool data. */
  record Valid(long priority, List<byte[]> requires, List<byte[]> provides) {
    public Valid {
      requires = List.copyOf(requires);
      provides = List.copyOf(provides);
    }
  }

  /**
   * Outcome of {@link #apply}: {@code invalid} null when applied (dispatch errors included), else
   * the reason.
   */
  record Applied(String invalid, boolean exhaustsResources) {
    /** Applied (its dispatch may still have failed; that is an event, not invalidity). */
    public static final Applied OK = new Applied(null, false);
  }

  /**
   * The pool refuses a transaction: {@code code} 1010 (invalid) or 1011 (unknown validity), {@code
   * reason} in polkadot's words ("Transaction has a bad signature").
   */
  final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String reason;

    public Refusal(int code, String reason) {
      super(code + ": " + reason);
      this.code = code;
      this.reason = reason;
    }

    public int code() {
      return code;
    }

    public String reason() {
      return reason;
    }
  }
}
