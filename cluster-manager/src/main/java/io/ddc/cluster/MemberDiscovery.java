package io.ddc.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast join addresses of a {@link MemberSource}'s nodes (docs/spec/placement.md §4.1):
 * each admitted node's P2P endpoint is asked once for its membership port ({@code GET
 * /ddc/p2p/v1/membership}, cluster-transfer.md §4.1), the answer is kept while the node stays in
 * the list, and the configured static seeds are added. Hazelcast calls {@link
 * DiscoveryStrategy#discoverNodes()} on every join attempt and on every split-brain check, so nodes
 * that come up later are found then.
 *
 * <p>Threading: {@code discoverNodes} runs on Hazelcast threads and blocks for at most {@link
 * #LOOKUP_TIMEOUT} (the lookups run in parallel); the cache is concurrent.
 */
final class MemberDiscovery implements DiscoveryStrategyFactory {
  private static final Logger LOG = LoggerFactory.getLogger(MemberDiscovery.class);

  /** Timeout of one membership-port lookup: 2 s. */
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

  private final MemberSource source;
  private final String selfId;
  private final List<String> seeds;
  private final Map<ClusterMember, Address> resolved = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(LOOKUP_TIMEOUT)
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  MemberDiscovery(MemberSource source, String selfId, List<String> seeds) {
    this.source = source;
    this.selfId = selfId;
    this.seeds = List.copyOf(seeds);
  }

  /** The addresses to try: the source's resolved members, then the static seeds. Blocking. */
  List<Address> addresses() {
    Set<Address> out = new LinkedHashSet<>();
    List<ClusterMember> members = source.members().orElse(List.of());
    resolved.keySet().retainAll(members);
    List<CompletableFuture<Address>> lookups = new ArrayList<>();
    for (ClusterMember m : members) {
      if (!m.nodeId().equals(selfId)) {
        Address known = resolved.get(m);
        lookups.add(known != null ? CompletableFuture.completedFuture(known) : lookup(m));
      }
    }
    for (CompletableFuture<Address> f : lookups) {
      Address a = f.join();
      if (a != null) {
        out.add(a);
      }
    }
    for (String s : seeds) {
      int colon = s.lastIndexOf(':');
      try {
        out.add(new Address(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
      } catch (UnknownHostException e) {
        LOG.warn("discovery: cannot resolve seed {}: {}", s, e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** Asks {@code m}'s P2P endpoint for its membership port; null when it does not answer. */
  private CompletableFuture<Address> lookup(ClusterMember m) {
    URI uri = URI.create("http://" + m.host() + ":" + m.p2pPort() + P2pServer.MEMBERSHIP);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(LOOKUP_TIMEOUT).GET().build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            resp -> {
              if (resp.statusCode() != 200) {
                throw new IllegalStateException("status " + resp.statusCode());
              }
              JsonObject body = new JsonObject(resp.body());
              if (!m.nodeId().equals(body.getString("node_id"))) {
                throw new IllegalStateException(
                    "the endpoint is node " + body.getString("node_id") + ", not " + m.nodeId());
              }
              try {
                Address a = new Address(m.host(), body.getInteger("membership_port"));
                resolved.put(m, a);
                LOG.info("discovery: node {} has membership address {}", m.nodeId(), a);
                return a;
              } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
              }
            })
        .exceptionally(
            e -> {
              LOG.debug(
                  "discovery: node {} at {} not reachable: {}", m.nodeId(), uri, e.toString());
              return null;
            });
  }

  @Override
  public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
    return Strategy.class;
  }

  @Override
  public DiscoveryStrategy newDiscoveryStrategy(
      DiscoveryNode discoveryNode, ILogger logger, Map<String, Comparable> properties) {
    return new Strategy(this, logger, properties);
  }

  @Override
  public Collection<PropertyDefinition> getConfigurationProperties() {
    return List.of();
  }

  /** The strategy Hazelcast instantiates; delegates to the factory's state. */
  static final class Strategy extends AbstractDiscoveryStrategy {
    private final MemberDiscovery discovery;

    Strategy(MemberDiscovery discovery, ILogger logger, Map<String, Comparable> properties) {
      super(logger, properties);
      this.discovery = discovery;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
      List<DiscoveryNode> out = new ArrayList<>();
      for (Address a : discovery.addresses()) {
        out.add(new SimpleDiscoveryNode(a));
      }
      return out;
    }
  }
}
