package io.ddc.client.encryption;

import io.ddc.client.DdcClientException;

/**
 * Ciphertext, header or key envelope failed authentication or is malformed: a wrong key, a flipped
 * byte, a truncated, extended or reordered object, or an envelope addressed to someone else. No
 * unauthenticated plaintext is ever returned alongside it.
 */
public final class DecryptionException extends DdcClientException {
  private static final long serialVersionUID = 1L;

  public DecryptionException(String message) {
    super(message);
  }

  DecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
