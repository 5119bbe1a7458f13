package io.ddc.validator;

/**
 * A node's activity API answered something unusable (unreachable, HTTP error, malformed JSON).
 * Fails the collection from that node for one era; the node's unbacked usage is then simply not
 * paid.
 */
public class NodeActivityException extends ValidatorException {
  private final String node;

  public NodeActivityException(String node, String message) {
    super(node + ": " + message);
    this.node = node;
  }

  public NodeActivityException(String node, String message, Throwable cause) {
    super(node + ": " + message, cause);
    this.node = node;
  }

  /** The node's HTTP base URL. */
  public String node() {
    return node;
  }
}
