package io.ddc.cluster;

import java.util.List;

/**
 * A change of the live set, delivered on the cluster manager's Vert.x context: who joined, who
 * left, and the live set after the change (sorted by node id).
 */
public record MembershipChange(
    List<NodeDescriptor> joined, List<NodeDescriptor> left, List<NodeDescriptor> live) {
  /** Copies the lists. */
  public MembershipChange {
    joined = List.copyOf(joined);
    left = List.copyOf(left);
    live = List.copyOf(live);
  }
}
