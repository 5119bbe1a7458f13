package io.ddc.chain.client;

/**
 * The node cannot be reached or the connection dropped before an answer; safe to retry a read
 * later.
 */
public class ChainUnavailableException extends ChainException {
  private static final long serialVersionUID = 1L;

  public ChainUnavailableException(String message) {
    super(message);
  }

  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
