package io.ddc.client;

/**
 * A recipient's encryption key that cannot be trusted: none is published for the account in the
 * bucket, or the published record is for another account or not signed by the account
 * (docs/spec/encryption.md §3.1). Nothing is encrypted for such a key.
 */
public final class UntrustedKeyException extends DdcClientException {
  private static final long serialVersionUID = 1L;

  /** An exception with its one-sentence reason. */
  public UntrustedKeyException(String message) {
    super(message);
  }
}
