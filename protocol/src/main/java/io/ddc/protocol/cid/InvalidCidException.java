package io.ddc.protocol.cid;

/** A CID that is not well-formed: wrong length, version, multihash, codec or text alphabet. */
public final class InvalidCidException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A new exception with a message that says what was wrong. */
  public InvalidCidException(String message) {
    super(message);
  }
}
