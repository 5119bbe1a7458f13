package io.ddc.crypto;

/**
 * A secret URI, mnemonic, seed, derivation path or key file that cannot produce a key. The message
 * names the failed check but never repeats the secret.
 */
public final class InvalidSecretException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says which check failed. */
  public InvalidSecretException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public InvalidSecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
