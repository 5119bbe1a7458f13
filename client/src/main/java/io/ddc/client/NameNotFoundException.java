package io.ddc.client;

/** A name that no record in the bucket defines. */
public final class NameNotFoundException extends DdcClientException {
  private static final long serialVersionUID = 1L;

  public NameNotFoundException(long bucketId, String name) {
    super("no name '" + name + "' in bucket " + Long.toUnsignedString(bucketId));
  }
}
