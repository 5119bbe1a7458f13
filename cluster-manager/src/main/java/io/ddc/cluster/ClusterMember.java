package io.ddc.cluster;

import java.util.Objects;

/**
 * A node that a {@link MemberSource} admits to the cluster: its node id (lower-case hex of its
 * ed25519 public key, as in {@link NodeDescriptor}) and the address of its P2P endpoint, where
 * other nodes ask for its membership address (docs/spec/cluster-transfer.md §4.1).
 */
public record ClusterMember(String nodeId, String host, int p2pPort) {
  /** Validates the fields. */
  public ClusterMember {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    if (!nodeId.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("nodeId must be 64 lower-case hex characters: " + nodeId);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (p2pPort < 1 || p2pPort > 65535) {
      throw new IllegalArgumentException("p2pPort must be 1…65535, " + p2pPort + " given");
    }
  }
}
