package io.ddc.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hazelcast member per node and the live set derived from it (docs/spec/placement.md §4).
 *
 * <p>Concurrency: Hazelcast calls the listeners on its own event threads; {@link #refresh()} is
 * synchronized and publishes an immutable {@link View} through a volatile field, so {@link #view()}
 * is a plain read that never blocks (safe on an event loop). {@code join} and {@code leave} block:
 * run them off any event loop.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /** Member attribute holding the node's id. */
  static final String NODE_ID_ATTRIBUTE = "ddc.nodeId";

  /**
   * Member attribute holding the node's descriptor as JSON. Attributes travel with the member list,
   * so every member derives the live set from one consistent source; no map has to sync first.
   */
  static final String DESCRIPTOR_ATTRIBUTE = "ddc.node";

  /** The live set: descriptors of live members, sorted by node id. */
  record View(List<NodeDescriptor> live) {
    NodeDescriptor byId(String nodeId) {
      for (NodeDescriptor d : live) {
        if (d.nodeId().equals(nodeId)) {
          return d;
        }
      }
      return null;
    }
  }

  private final HazelcastInstance hz;
  private final Consumer<View> onChange;
  private volatile View view = new View(List.of());

  private final MemberSource source;

  private Membership(HazelcastInstance hz, MemberSource source, Consumer<View> onChange) {
    this.hz = hz;
    this.source = source;
    this.onChange = onChange;
  }

  /**
   * Starts the member, joins the seeds (and, with a {@code source}, its members' addresses) and
   * announces {@code self} as a member attribute. {@code source} may be null: every member is then
   * admitted. Blocking.
   */
  static Membership join(
      ClusterOptions options, NodeDescriptor self, MemberSource source, Consumer<View> onChange) {
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(options, self, source));
    Membership m = new Membership(hz, source, onChange);
    hz.getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {
                m.refresh();
              }

              @Override
              public void memberRemoved(MembershipEvent e) {
                m.refresh();
              }
            });
    m.refresh();
    return m;
  }

  static Config config(ClusterOptions o, NodeDescriptor self, MemberSource source) {
    Config c = new Config();
    c.setClusterName("ddc-" + o.clusterId());
    c.setInstanceName("ddc-" + self.nodeId().substring(0, 16) + "-" + o.membershipPort());
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.local.localAddress", o.host());
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty(
        "hazelcast.heartbeat.interval.seconds",
        String.valueOf(Math.max(1, o.heartbeatInterval().toSeconds())));
    c.setProperty(
        "hazelcast.max.no.heartbeat.seconds",
        String.valueOf(Math.max(2, o.maxNoHeartbeat().toSeconds())));
    c.getJetConfig().setEnabled(false);
    c.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, self.nodeId());
    c.getMemberAttributeConfig().setAttribute(DESCRIPTOR_ATTRIBUTE, self.toJson().encode());
    NetworkConfig net = c.getNetworkConfig();
    net.setPort(o.membershipPort()).setPortAutoIncrement(false);
    net.setPublicAddress(o.host() + ":" + o.membershipPort());
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (source != null) {
      // Join addresses come from the member source (placement.md §4.1), looked up again on every
      // join attempt and split-brain check; the latter run every 5 s so that two nodes that
      // started before either could see the other merge soon.
      c.setProperty("hazelcast.discovery.enabled", "true");
      c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
      c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
      join.getTcpIpConfig().setEnabled(false);
      join.getDiscoveryConfig()
          .addDiscoveryStrategyConfig(
              new DiscoveryStrategyConfig(new MemberDiscovery(source, self.nodeId(), o.seeds())));
      return c;
    }
    List<String> seeds = new ArrayList<>(o.seeds());
    if (seeds.isEmpty()) {
      seeds.add(o.host() + ":" + o.membershipPort());
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(seeds);
    return c;
  }

  /**
   * True when {@code nodeId} belongs to a live member: in the live set, or announced by a current
   * Hazelcast member's {@code ddc.nodeId} attribute (the member list may be newer than the view,
   * which is re-derived on an event thread).
   */
  boolean isMember(String nodeId) {
    if (!admitted(nodeId)) {
      return false;
    }
    if (view.byId(nodeId) != null) {
      return true;
    }
    try {
      for (Member m : hz.getCluster().getMembers()) {
        if (nodeId.equals(m.getAttribute(NODE_ID_ATTRIBUTE))) {
          return true;
        }
      }
    } catch (HazelcastInstanceNotActiveException e) {
      return false;
    }
    return false;
  }

  /**
   * True when the member source admits {@code nodeId}: always without a source or while the source
   * has no list.
   */
  boolean admitted(String nodeId) {
    if (source == null) {
      return true;
    }
    Optional<List<ClusterMember>> members = source.members();
    if (members.isEmpty()) {
      return true;
    }
    for (ClusterMember m : members.get()) {
      if (m.nodeId().equals(nodeId)) {
        return true;
      }
    }
    return false;
  }

  /** The current live set; never blocks. */
  View view() {
    return view;
  }

  /** Recomputes the live set from the member list and its members' descriptor attributes. */
  synchronized void refresh() {
    if (!hz.getLifecycleService().isRunning()) {
      return;
    }
    Set<Member> members;
    try {
      members = hz.getCluster().getMembers();
    } catch (HazelcastInstanceNotActiveException e) {
      return; // shutting down: keep the last view
    }
    List<NodeDescriptor> live = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Member member : members) {
      String json = member.getAttribute(DESCRIPTOR_ATTRIBUTE);
      try {
        NodeDescriptor d = NodeDescriptor.fromJson(new JsonObject(json));
        if (!admitted(d.nodeId())) {
          continue; // running, but not in the cluster's node list (placement.md §4.1)
        }
        if (ids.add(d.nodeId())) {
          live.add(d);
        }
      } catch (RuntimeException bad) {
        LOG.warn(
            "ignoring member {} with a missing or malformed node descriptor: {}",
            member.getAddress(),
            bad.getMessage());
      }
    }
    live.sort(Comparator.comparing(NodeDescriptor::nodeId));
    View next = new View(List.copyOf(live));
    if (!next.equals(view)) {
      view = next;
      onChange.accept(next);
    }
  }

  /** Leaves the cluster. Blocking. */
  void leave() {
    if (hz.getLifecycleService().isRunning()) {
      hz.shutdown();
    }
  }

  /** Stops the member at once without telling anyone, as a crash would. Blocking. */
  void terminate() {
    hz.getLifecycleService().terminate();
  }
}
