package io.ddc.cluster;

/**
 * Base of the cluster layer's failures. Subclasses say what failed and carry what the caller needs
 * next; callers map them to protocol status codes (node protocol §9.3).
 */
public class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message. */
  public ClusterException(String message) {
    super(message);
  }

  /** A failure with a message and a cause. */
  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
