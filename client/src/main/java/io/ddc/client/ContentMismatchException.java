package io.ddc.client;

import io.ddc.protocol.cid.Cid;

/** A node returned bytes that do not hash to the CID asked for: never handed to the caller. */
public final class ContentMismatchException extends DdcClientException {
  private static final long serialVersionUID = 1L;

  public ContentMismatchException(Cid cid, String node) {
    super(
        node
            + " returned content that does not match "
            + cid
            + " (BLAKE3); the data was discarded");
  }
}
