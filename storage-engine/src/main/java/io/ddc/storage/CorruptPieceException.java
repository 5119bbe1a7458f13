package io.ddc.storage;

/** Stored bytes failed their checksum; they are not served. */
public class CorruptPieceException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** With a message that carries the numbers. */
  public CorruptPieceException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public CorruptPieceException(String message, Throwable cause) {
    super(message, cause);
  }
}
