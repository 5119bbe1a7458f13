package io.ddc.protocol.auth;

/** Bytes that are not a well-formed protocol message (bad protobuf, base58, base64 or shape). */
public final class InvalidMessageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** With a message that says what was wrong. */
  public InvalidMessageException(String message) {
    super(message);
  }

  /** With a message and the parser's exception. */
  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
