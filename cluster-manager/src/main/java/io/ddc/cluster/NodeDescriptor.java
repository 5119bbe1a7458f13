package io.ddc.cluster;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What the cluster knows about one node (docs/spec/placement.md §4): its id (lower-case hex of its
 * ed25519 public key), where its P2P server listens, its placement weight and its mode. Published
 * in the membership map as JSON.
 */
public record NodeDescriptor(
    String nodeId, String host, int p2pPort, double weight, NodeMode mode) {
  /** Validates the fields. */
  public NodeDescriptor {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(mode, "mode");
    if (!nodeId.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("nodeId must be 64 lower-case hex characters: " + nodeId);
    }
    if (p2pPort < 1 || p2pPort > 65535) {
      throw new IllegalArgumentException("p2pPort must be 1…65535, " + p2pPort + " given");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight must be positive and finite, " + weight + " given");
    }
  }

  /** The JSON form stored in the membership map. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("nodeId", nodeId)
        .put("host", host)
        .put("p2pPort", p2pPort)
        .put("weight", weight)
        .put("mode", mode.name());
  }

  /** Parses {@link #toJson()}; {@link IllegalArgumentException} on a malformed descriptor. */
  public static NodeDescriptor fromJson(JsonObject json) {
    try {
      return new NodeDescriptor(
          json.getString("nodeId"),
          json.getString("host"),
          json.getInteger("p2pPort", 0),
          json.getDouble("weight", 1.0),
          NodeMode.valueOf(json.getString("mode", "")));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed node descriptor " + json.encode(), e);
    }
  }
}
