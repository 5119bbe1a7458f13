package io.ddc.pallets.runtime;

/**
 * A transaction the pool or a block must not take: {@code code} 1010 (invalid) or 1011 (unknown
 * validity), {@code reason} in Substrate's words ("Transaction has a bad signature").
 */
public final class TransactionValidityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** JSON-RPC code of an invalid transaction. */
  public static final int INVALID = 1010;

  /** JSON-RPC code of a transaction of unknown validity. */
  public static final int UNKNOWN = 1011;

  static final String BAD_PROOF = "Transaction has a bad signature";
  static final String STALE = "Transaction is outdated";
  static final String PAYMENT = "Inability to pay some fees (e.g. account balance too low)";
  static final String CALL = "Transaction call is not expected";
  static final String ANCIENT = "Transaction has an ancient birth block";
  static final String BAD_SIGNER = "Invalid signing address";
  static final String CANNOT_LOOKUP =
      "Could not lookup information required to validate the transaction";

  private final int code;
  private final String reason;

  public TransactionValidityException(int code, String reason) {
    super(code + ": " + reason, null, false, false);
    this.code = code;
    this.reason = reason;
  }

  static TransactionValidityException invalid(String reason) {
    return new TransactionValidityException(INVALID, reason);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
