package io.ddc.client;

/**
 * Base of the client's unchecked exceptions. Subclasses say what failed in one human sentence;
 * callers that only report errors can catch this type.
 */
public class DdcClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public DdcClientException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public DdcClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
