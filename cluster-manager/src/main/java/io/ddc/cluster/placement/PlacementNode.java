package io.ddc.cluster.placement;

import java.util.Objects;

/**
 * A node as placement sees it: a stable identifier (the lower-case hex of its ed25519 public key)
 * and a positive weight; a node of weight 2 receives about twice the pieces of a node of weight 1.
 */
public record PlacementNode(String id, double weight) {
  /** Validates the id and the weight. */
  public PlacementNode {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("node id must not be empty");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "node weight must be positive and finite, " + weight + " given");
    }
  }

  /** A node of weight 1. */
  public static PlacementNode of(String id) {
    return new PlacementNode(id, 1.0);
  }
}
