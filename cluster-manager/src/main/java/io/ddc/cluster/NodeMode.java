package io.ddc.cluster;

/**
 * A node's mode (docs/shared node protocol §1.2): storage and full nodes hold replicas; cache nodes
 * only fetch and never accept internal writes.
 */
public enum NodeMode {
  /** Holds replicas, serves reads and writes. */
  STORAGE,
  /** Holds replicas, serves everything. */
  FULL,
  /** Serves reads from peers; holds no replicas and refuses internal writes. */
  CACHE;

  /** True for the modes that hold replicas and take part in placement. */
  public boolean holdsReplicas() {
    return this != CACHE;
  }
}
