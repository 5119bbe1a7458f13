package io.ddc.crypto;

/**
 * Root of this module's exceptions: malformed input that a caller may have received from outside
 * (addresses, secret URIs, mnemonics, seeds, key files). Signature verification never throws it; an
 * invalid signature is a {@code false} result.
 */
public class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the offending value's shape, never a secret. */
  public CryptoException(String message) {
    super(message);
  }

  /** Creates an exception with a cause. */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
