package io.ddc.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every live peer's P2P endpoint once per interval (docs/spec/cluster-transfer.md §6.1).
 * Hazelcast notices a dead JVM; this notices a live member whose P2P server or store no longer
 * answers. A peer failing {@value #FAILURES_TO_UNHEALTHY} probes in a row is unhealthy until one
 * succeeds; reads then ask it last. Placement is unchanged (it must agree across nodes). Confined
 * to the cluster manager's context.
 */
final class HealthProber {
  private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);
  static final int FAILURES_TO_UNHEALTHY = 3;

  private final ClusterManager cluster;
  private final P2pClient client;
  private final long intervalMillis;
  private final Map<String, Integer> failures = new HashMap<>();
  private volatile Set<String> unhealthy = Set.of();
  private long timer = -1;

  HealthProber(ClusterManager cluster, P2pClient client, long intervalMillis) {
    this.cluster = cluster;
    this.client = client;
    this.intervalMillis = intervalMillis;
  }

  void start() {
    timer = cluster.vertx().setPeriodic(intervalMillis, id -> probeAll());
  }

  void stop() {
    if (timer >= 0) {
      cluster.vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  /** Node ids of live peers currently failing their probes. */
  Set<String> unhealthy() {
    return unhealthy;
  }

  private void probeAll() {
    List<NodeDescriptor> peers = cluster.members();
    failures.keySet().retainAll(peers.stream().map(NodeDescriptor::nodeId).toList());
    for (NodeDescriptor peer : peers) {
      if (peer.nodeId().equals(cluster.nodeId())) {
        continue;
      }
      client
          .probe(peer, intervalMillis)
          .onComplete(
              ar -> {
                int before = failures.getOrDefault(peer.nodeId(), 0);
                int after = ar.succeeded() ? 0 : before + 1;
                failures.put(peer.nodeId(), after);
                if (after == FAILURES_TO_UNHEALTHY) {
                  LOG.warn(
                      "health: node {} failed {} probes in a row: {}",
                      peer.nodeId(),
                      after,
                      ar.cause().getMessage());
                } else if (after == 0 && before >= FAILURES_TO_UNHEALTHY) {
                  LOG.info("health: node {} answers again", peer.nodeId());
                }
                publish();
              });
    }
    publish();
  }

  private void publish() {
    Set<String> out = new TreeSet<>();
    failures.forEach(
        (id, n) -> {
          if (n >= FAILURES_TO_UNHEALTHY) {
            out.add(id);
          }
        });
    unhealthy = Set.copyOf(out);
  }
}
