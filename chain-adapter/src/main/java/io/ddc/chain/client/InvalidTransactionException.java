package io.ddc.chain.client;

/**
 * The transaction pool refused an extrinsic (Substrate author errors 1010 invalid, 1011 unknown
 * validity, 1012..1016 pool limits). {@link #reason()} is the node's description, e.g. "Transaction
 * has a bad signature"; the extrinsic was not included and resubmitting the same bytes fails the
 * same way.
 */
public class InvalidTransactionException extends RpcErrorException {
  private static final long serialVersionUID = 1L;

  public InvalidTransactionException(int code, String message, String data) {
    super(code, message, data);
  }

  /** The node's reason ({@code data}), or its message when there is none. */
  public String reason() {
    return data() != null ? data() : getMessage();
  }

  /** True when the node said the signature does not verify (InvalidTransaction::BadProof). */
  public boolean isBadProof() {
    return "Transaction has a bad signature".equals(data());
  }

  /** True when the nonce is already used (InvalidTransaction::Stale). */
  public boolean isStale() {
    return "Transaction is outdated".equals(data());
  }
}
