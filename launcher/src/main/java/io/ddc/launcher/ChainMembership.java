package io.ddc.launcher;

import io.ddc.chain.ddc.DdcChain;
import io.ddc.cluster.ClusterMember;
import io.ddc.cluster.MemberList;
import io.ddc.cluster.MemberSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's members as the chain lists them (docs/spec/placement.md §4.1): every node of {@code
 * DdcClusters.ClustersNodes} for the cluster, whatever its validation status, with the host and
 * {@code p2p_port} of its {@code DdcNodes.StorageNodes} entry. The list is read once by {@link
 * #start()} and then every {@code interval}; a failed read keeps the last list, and a cluster with
 * no nodes on chain (not registered yet) gives no list, so the node then admits every member as
 * with static seeds.
 *
 * <p>Threading: reads run on one daemon scheduler thread and the chain client's threads; {@link
 * #members()} is a volatile read; listeners run on the thread that completed the read.
 */
final class ChainMembership implements MemberSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainMembership.class);

  /** Default interval between two reads of the node list: 3 s (about half a Cere block). */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);

  /** Longest wait for one read of the node list before it counts as failed: 30 s. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final DdcChain chain;
  private final byte[] clusterId;
  private final Duration interval;
  private final MemberList list = new MemberList();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ddc-chain-membership");
            t.setDaemon(true);
            return t;
          });

  ChainMembership(DdcChain chain, byte[] clusterId, Duration interval) {
    if (clusterId.length != 20) {
      throw new IllegalArgumentException(
          "a cluster id is 20 bytes, " + clusterId.length + " given");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, " + interval + " given");
    }
    this.chain = chain;
    this.clusterId = clusterId.clone();
    this.interval = interval;
  }

  /** Reads the list once, then every interval; completes after the first read (or its failure). */
  CompletableFuture<Void> start() {
    return poll()
        .whenComplete(
            (v, e) ->
                timer.scheduleWithFixedDelay(
                    () -> poll().join(),
                    interval.toMillis(),
                    interval.toMillis(),
                    TimeUnit.MILLISECONDS));
  }

  /** Reads the node list now; a failure is logged and keeps the last list. */
  CompletableFuture<Void> poll() {
    return chain
        .nodesOfCluster(clusterId)
        .orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(this::update)
        .exceptionally(
            e -> {
              LOG.warn(
                  "cannot read the node list of cluster 0x{}; keeping the last one: {}",
                  HexFormat.of().formatHex(clusterId),
                  e.toString());
              return null;
            });
  }

  private void update(List<DdcChain.StorageNode> nodes) {
    List<ClusterMember> list = new ArrayList<>();
    for (DdcChain.StorageNode n : nodes) {
      ClusterMember m = member(n);
      if (m != null) {
        list.add(m);
      }
    }
    if (this.list.set(list)) {
      LOG.info(
          "cluster 0x{} on chain: {}",
          HexFormat.of().formatHex(clusterId),
          list.isEmpty()
              ? "no nodes listed; every member is admitted"
              : list.size()
                  + " nodes "
                  + list.stream().map(ClusterMember::nodeId).sorted().toList());
    }
  }

  /** The member for a chain entry: host, else domain, and the p2p port; null when unusable. */
  static ClusterMember member(DdcChain.StorageNode n) {
    String host = n.params().host().isEmpty() ? n.params().domain() : n.params().host();
    String id = HexFormat.of().formatHex(n.pubKey());
    try {
      return new ClusterMember(id, host, n.params().p2pPort());
    } catch (IllegalArgumentException e) {
      LOG.warn("node {} on chain has no usable P2P address ({}); skipped", id, e.getMessage());
      return null;
    }
  }

  @Override
  public Optional<List<ClusterMember>> members() {
    return list.members();
  }

  @Override
  public void subscribe(Runnable onChange) {
    list.subscribe(onChange);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
