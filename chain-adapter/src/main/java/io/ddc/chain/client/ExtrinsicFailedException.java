package io.ddc.chain.client;

/**
 * An extrinsic was included in a block but its dispatch failed ({@code System.ExtrinsicFailed}).
 * For a module error {@link #pallet()} and {@link #error()} name it from the chain's metadata (e.g.
 * {@code Balances} / {@code InsufficientBalance}); other dispatch errors ({@code BadOrigin}, {@code
 * Token(FundsUnavailable)}, …) have pallet null and the variant as error. The fee was charged; the
 * nonce advanced.
 */
public class ExtrinsicFailedException extends ChainException {
  private static final long serialVersionUID = 1L;
  private final String pallet;
  private final String error;
  private final String blockHash;

  public ExtrinsicFailedException(String pallet, String error, String docs, String blockHash) {
    super(
        "extrinsic failed in block "
            + blockHash
            + ": "
            + (pallet != null ? pallet + "." : "")
            + error
            + (docs != null && !docs.isEmpty() ? " (" + docs + ")" : ""));
    this.pallet = pallet;
    this.error = error;
    this.blockHash = blockHash;
  }

  /** The pallet of a module error, or null. */
  public String pallet() {
    return pallet;
  }

  /** The error name: the module error's variant, or the DispatchError variant. */
  public String error() {
    return error;
  }

  /** {@code 0x}-hex hash of the block that included the extrinsic. */
  public String blockHash() {
    return blockHash;
  }
}
