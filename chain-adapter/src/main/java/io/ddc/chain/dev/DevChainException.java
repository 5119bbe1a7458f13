package io.ddc.chain.dev;

/**
 * The dev chain cannot start or continue: a corrupt data directory, a port in use, a runtime
 * failure.
 */
public class DevChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message that names what failed and how to fix it. */
  public DevChainException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public DevChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
