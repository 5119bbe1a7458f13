package io.ddc.crypto;

/**
 * A key file that cannot be used: unreadable JSON, a missing or unknown field value, a secret that
 * does not produce the stated public key, or permissions that let others read it.
 */
public final class InvalidKeyFileException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the file problem, never the secret. */
  public InvalidKeyFileException(String message) {
    super(message);
  }
}
