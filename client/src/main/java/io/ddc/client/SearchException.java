package io.ddc.client;

/**
 * A search every node refuses the same way (a bad query, no access, no such bucket), or one no node
 * answered. {@link #status()} is the HTTP status of the refusal, 0 when no node answered.
 */
public final class SearchException extends DdcClientException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** A refusal with the node's HTTP status (0: no node answered). */
  public SearchException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The node's HTTP status, or 0 when no node answered. */
  public int status() {
    return status;
  }
}
