package io.ddc.crypto;

/** An SS58 address that does not decode: bad base58, length, prefix or checksum. */
public final class InvalidAddressException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says which check failed. */
  public InvalidAddressException(String message) {
    super(message);
  }
}
