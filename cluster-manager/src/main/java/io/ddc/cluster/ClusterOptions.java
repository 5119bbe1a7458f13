package io.ddc.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one node's cluster manager. Fluent setters reject a bad value at once and name it;
 * {@link ClusterManager#start} copies the options. JSON in/out uses the setter names as keys and
 * milliseconds for durations.
 */
public final class ClusterOptions {
  /** Default DDC cluster id (the official test cluster): {@code 0x00…01}. */
  public static final String DEFAULT_CLUSTER_ID = "0x0000000000000000000000000000000000000001";

  /** Default host the membership and P2P servers bind to and advertise: loopback. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default Hazelcast membership port: 5701. */
  public static final int DEFAULT_MEMBERSHIP_PORT = 5701;

  /** Default P2P port: 9071 (the official node's first {@code P2P_PORT}); 0 picks a free one. */
  public static final int DEFAULT_P2P_PORT = 9071;

  /** Default placement weight: 1.0. */
  public static final double DEFAULT_WEIGHT = 1.0;

  /** Default mode: {@link NodeMode#STORAGE}. */
  public static final NodeMode DEFAULT_MODE = NodeMode.STORAGE;

  /** Default copies of each piece ({@code REDUNDANCY_REPLICATION_TOTAL}): 3. */
  public static final int DEFAULT_REPLICATION_TOTAL = 3;

  /** Default copies durable before a write succeeds ({@code …_SUCCESS_THRESHOLD}): 3. */
  public static final int DEFAULT_REPLICATION_SUCCESS_THRESHOLD = 3;

  /** Default Hazelcast heartbeat interval: 1 s. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  /** Default silence after which Hazelcast removes a member: 10 s. */
  public static final Duration DEFAULT_MAX_NO_HEARTBEAT = Duration.ofSeconds(10);

  /** Default delay between a membership change and the repair it triggers: 10 s. */
  public static final Duration DEFAULT_REPAIR_GRACE_PERIOD = Duration.ofSeconds(10);

  /** Default number of pieces repair copies at once: 4. */
  public static final int DEFAULT_REPAIR_CONCURRENCY = 4;

  /**
   * Default deadline of one step of a repair pass (a presence or version query, a record copy, a
   * surplus delete): 30 s; a piece or shard copy gets this plus one second per MiB.
   */
  public static final Duration DEFAULT_REPAIR_STEP_TIMEOUT = Duration.ofSeconds(30);

  /** Default allowed clock difference for signed P2P requests: 30 s. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(30);

  /** Default timeout of one P2P request (connect to last byte): 60 s. */
  public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofSeconds(60);

  /** Default bytes a cache-mode node keeps of fetched pieces before evicting the oldest: 1 GiB. */
  public static final long DEFAULT_CACHE_CAPACITY_BYTES = 1L << 30;

  /** Default interval of the P2P health probe of each live peer: 5 s. */
  public static final Duration DEFAULT_HEALTH_PROBE_INTERVAL = Duration.ofSeconds(5);

  /**
   * Default smallest piece stored erasure-coded: 0, erasure coding off (every piece replicated).
   */
  public static final long DEFAULT_ERASURE_CODING_MIN_BYTES = 0;

  /**
   * Largest piece that is erasure-coded (encoded in memory); larger ones are replicated: 256 MiB.
   */
  public static final long MAX_ERASURE_CODED_BYTES = 256L << 20;

  /** Default shards needed to rebuild a piece ({@code erasure_coding_required}): 2. */
  public static final int DEFAULT_ERASURE_CODING_REQUIRED = 2;

  /** Default shards written per piece ({@code erasure_coding_total}): 3. */
  public static final int DEFAULT_ERASURE_CODING_TOTAL = 3;

  /** Default shards durable before an erasure-coded write succeeds: 3. */
  public static final int DEFAULT_ERASURE_CODING_SUCCESS_THRESHOLD = 3;

  private String clusterId = DEFAULT_CLUSTER_ID;
  private String host = DEFAULT_HOST;
  private int membershipPort = DEFAULT_MEMBERSHIP_PORT;
  private List<String> seeds = new ArrayList<>();
  private int p2pPort = DEFAULT_P2P_PORT;
  private double weight = DEFAULT_WEIGHT;
  private NodeMode mode = DEFAULT_MODE;
  private int replicationTotal = DEFAULT_REPLICATION_TOTAL;
  private int replicationSuccessThreshold = DEFAULT_REPLICATION_SUCCESS_THRESHOLD;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private Duration maxNoHeartbeat = DEFAULT_MAX_NO_HEARTBEAT;
  private Duration repairGracePeriod = DEFAULT_REPAIR_GRACE_PERIOD;
  private int repairConcurrency = DEFAULT_REPAIR_CONCURRENCY;
  private Duration repairStepTimeout = DEFAULT_REPAIR_STEP_TIMEOUT;
  private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
  private Duration transferTimeout = DEFAULT_TRANSFER_TIMEOUT;
  private long cacheCapacityBytes = DEFAULT_CACHE_CAPACITY_BYTES;
  private Duration healthProbeInterval = DEFAULT_HEALTH_PROBE_INTERVAL;
  private boolean faultCorruptServedPieces;
  private long erasureCodingMinBytes = DEFAULT_ERASURE_CODING_MIN_BYTES;
  private int erasureCodingRequired = DEFAULT_ERASURE_CODING_REQUIRED;
  private int erasureCodingTotal = DEFAULT_ERASURE_CODING_TOTAL;
  private int erasureCodingSuccessThreshold = DEFAULT_ERASURE_CODING_SUCCESS_THRESHOLD;

  /** Options with every default. */
  public ClusterOptions() {}

  /** A copy of {@code other}. */
  public ClusterOptions(ClusterOptions other) {
    this(other.toJson());
  }

  /** Options from {@link #toJson()}; absent keys keep their defaults. */
  public ClusterOptions(JsonObject json) {
    setClusterId(json.getString("clusterId", clusterId));
    setHost(json.getString("host", host));
    setMembershipPort(json.getInteger("membershipPort", membershipPort));
    List<String> s = new ArrayList<>();
    json.getJsonArray("seeds", new JsonArray()).forEach(o -> s.add(String.valueOf(o)));
    setSeeds(s);
    setP2pPort(json.getInteger("p2pPort", p2pPort));
    setWeight(json.getDouble("weight", weight));
    setMode(NodeMode.valueOf(json.getString("mode", mode.name())));
    setReplicationTotal(json.getInteger("replicationTotal", replicationTotal));
    setReplicationSuccessThreshold(
        json.getInteger("replicationSuccessThreshold", replicationSuccessThreshold));
    setHeartbeatInterval(millis(json, "heartbeatInterval", heartbeatInterval));
    setMaxNoHeartbeat(millis(json, "maxNoHeartbeat", maxNoHeartbeat));
    setRepairGracePeriod(millis(json, "repairGracePeriod", repairGracePeriod));
    setRepairConcurrency(json.getInteger("repairConcurrency", repairConcurrency));
    setRepairStepTimeout(millis(json, "repairStepTimeout", repairStepTimeout));
    setMaxClockSkew(millis(json, "maxClockSkew", maxClockSkew));
    setTransferTimeout(millis(json, "transferTimeout", transferTimeout));
    setCacheCapacityBytes(json.getLong("cacheCapacityBytes", cacheCapacityBytes));
    setHealthProbeInterval(millis(json, "healthProbeInterval", healthProbeInterval));
    setFaultCorruptServedPieces(
        json.getBoolean("faultCorruptServedPieces", faultCorruptServedPieces));
    setErasureCoding(
        json.getLong("erasureCodingMinBytes", erasureCodingMinBytes),
        json.getInteger("erasureCodingRequired", erasureCodingRequired),
        json.getInteger("erasureCodingTotal", erasureCodingTotal),
        json.getInteger("erasureCodingSuccessThreshold", erasureCodingSuccessThreshold));
  }

  private static Duration millis(JsonObject json, String key, Duration fallback) {
    return Duration.ofMillis(json.getLong(key, fallback.toMillis()));
  }

  /** The JSON form (durations in milliseconds). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("clusterId", clusterId)
        .put("host", host)
        .put("membershipPort", membershipPort)
        .put("seeds", new JsonArray(new ArrayList<>(seeds)))
        .put("p2pPort", p2pPort)
        .put("weight", weight)
        .put("mode", mode.name())
        .put("replicationTotal", replicationTotal)
        .put("replicationSuccessThreshold", replicationSuccessThreshold)
        .put("heartbeatInterval", heartbeatInterval.toMillis())
        .put("maxNoHeartbeat", maxNoHeartbeat.toMillis())
        .put("repairGracePeriod", repairGracePeriod.toMillis())
        .put("repairConcurrency", repairConcurrency)
        .put("repairStepTimeout", repairStepTimeout.toMillis())
        .put("maxClockSkew", maxClockSkew.toMillis())
        .put("transferTimeout", transferTimeout.toMillis())
        .put("cacheCapacityBytes", cacheCapacityBytes)
        .put("healthProbeInterval", healthProbeInterval.toMillis())
        .put("faultCorruptServedPieces", faultCorruptServedPieces)
        .put("erasureCodingMinBytes", erasureCodingMinBytes)
        .put("erasureCodingRequired", erasureCodingRequired)
        .put("erasureCodingTotal", erasureCodingTotal)
        .put("erasureCodingSuccessThreshold", erasureCodingSuccessThreshold);
  }

  /** The DDC cluster id; the Hazelcast cluster is named {@code ddc-<clusterId>}. */
  public String clusterId() {
    return clusterId;
  }

  /** Sets the cluster id (non-empty). */
  public ClusterOptions setClusterId(String clusterId) {
    this.clusterId = nonEmpty("clusterId", clusterId);
    return this;
  }

  /** The host both servers bind to and advertise. */
  public String host() {
    return host;
  }

  /** Sets the host (non-empty). */
  public ClusterOptions setHost(String host) {
    this.host = nonEmpty("host", host);
    return this;
  }

  /** The Hazelcast member port. */
  public int membershipPort() {
    return membershipPort;
  }

  /** Sets the Hazelcast member port, 1…65535. */
  public ClusterOptions setMembershipPort(int port) {
    this.membershipPort = port("membershipPort", port, 1);
    return this;
  }

  /** {@code host:port} of the members to join (TCP/IP; multicast is never used). */
  public List<String> seeds() {
    return List.copyOf(seeds);
  }

  /** Sets the seed members; each {@code host:port}. */
  public ClusterOptions setSeeds(List<String> seeds) {
    for (String s : seeds) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("seed must be host:port, '" + s + "' given");
      }
      port("seed port", Integer.parseInt(s.substring(colon + 1)), 1);
    }
    this.seeds = new ArrayList<>(seeds);
    return this;
  }

  /** The P2P server port; 0 picks a free one, which the node then advertises. */
  public int p2pPort() {
    return p2pPort;
  }

  /** Sets the P2P port, 0…65535. */
  public ClusterOptions setP2pPort(int port) {
    this.p2pPort = port("p2pPort", port, 0);
    return this;
  }

  /** The placement weight. */
  public double weight() {
    return weight;
  }

  /** Sets the placement weight (positive, finite). */
  public ClusterOptions setWeight(double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight must be positive and finite, " + weight + " given");
    }
    this.weight = weight;
    return this;
  }

  /** The node mode. */
  public NodeMode mode() {
    return mode;
  }

  /** Sets the node mode. */
  public ClusterOptions setMode(NodeMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** Copies of each piece. */
  public int replicationTotal() {
    return replicationTotal;
  }

  /** Sets the copies of each piece, 1…16, at least the success threshold. */
  public ClusterOptions setReplicationTotal(int n) {
    if (n < 1 || n > 16) {
      throw new IllegalArgumentException("replicationTotal must be 1…16, " + n + " given");
    }
    this.replicationTotal = n;
    this.replicationSuccessThreshold = Math.min(replicationSuccessThreshold, n);
    return this;
  }

  /** Copies durable on placement nodes before a write succeeds. */
  public int replicationSuccessThreshold() {
    return replicationSuccessThreshold;
  }

  /** Sets the success threshold, 1…replicationTotal. */
  public ClusterOptions setReplicationSuccessThreshold(int n) {
    if (n < 1 || n > replicationTotal) {
      throw new IllegalArgumentException(
          "replicationSuccessThreshold must be 1…" + replicationTotal + ", " + n + " given");
    }
    this.replicationSuccessThreshold = n;
    return this;
  }

  /** Hazelcast heartbeat interval (whole seconds). */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** Sets the heartbeat interval, at least 1 s. */
  public ClusterOptions setHeartbeatInterval(Duration d) {
    this.heartbeatInterval = atLeast("heartbeatInterval", d, Duration.ofSeconds(1));
    return this;
  }

  /** Silence after which Hazelcast removes a member (whole seconds). */
  public Duration maxNoHeartbeat() {
    return maxNoHeartbeat;
  }

  /** Sets the failure-detection timeout, at least 2 s. */
  public ClusterOptions setMaxNoHeartbeat(Duration d) {
    this.maxNoHeartbeat = atLeast("maxNoHeartbeat", d, Duration.ofSeconds(2));
    return this;
  }

  /** Delay between a membership change and the repair it triggers. */
  public Duration repairGracePeriod() {
    return repairGracePeriod;
  }

  /** Sets the repair grace period, at least 0. */
  public ClusterOptions setRepairGracePeriod(Duration d) {
    this.repairGracePeriod = atLeast("repairGracePeriod", d, Duration.ZERO);
    return this;
  }

  /** Pieces copied at once by repair. */
  public int repairConcurrency() {
    return repairConcurrency;
  }

  /** Sets the repair concurrency, 1…64. */
  public ClusterOptions setRepairConcurrency(int n) {
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException("repairConcurrency must be 1…64, " + n + " given");
    }
    this.repairConcurrency = n;
    return this;
  }

  /**
   * Deadline of one step of a repair pass; a piece or shard copy gets this plus one second per MiB.
   * A step past it counts as failed and the pass goes on (a later pass retries), so that one answer
   * that never comes cannot hold up repair.
   */
  public Duration repairStepTimeout() {
    return repairStepTimeout;
  }

  /** Sets the repair step deadline, at least 100 ms. */
  public ClusterOptions setRepairStepTimeout(Duration d) {
    this.repairStepTimeout = atLeast("repairStepTimeout", d, Duration.ofMillis(100));
    return this;
  }

  /** Allowed clock difference for signed P2P requests. */
  public Duration maxClockSkew() {
    return maxClockSkew;
  }

  /** Sets the allowed clock skew, at least 1 s. */
  public ClusterOptions setMaxClockSkew(Duration d) {
    this.maxClockSkew = atLeast("maxClockSkew", d, Duration.ofSeconds(1));
    return this;
  }

  /** Timeout of one P2P request. */
  public Duration transferTimeout() {
    return transferTimeout;
  }

  /** Sets the P2P request timeout, at least 100 ms. */
  public ClusterOptions setTransferTimeout(Duration d) {
    this.transferTimeout = atLeast("transferTimeout", d, Duration.ofMillis(100));
    return this;
  }

  /** Bytes of fetched pieces a cache-mode node keeps (least recently used evicted first). */
  public long cacheCapacityBytes() {
    return cacheCapacityBytes;
  }

  /** Sets the cache capacity, at least 1 MiB. Used only in {@link NodeMode#CACHE}. */
  public ClusterOptions setCacheCapacityBytes(long bytes) {
    if (bytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "cacheCapacityBytes must be at least 1048576, " + bytes + " given");
    }
    this.cacheCapacityBytes = bytes;
    return this;
  }

  /**
   * FAULT INJECTION, failure tests only, never in production: whether this node flips one byte of
   * every piece it serves to peers over P2P (cluster-transfer.md §6.3); default false. Its own
   * clients are served from its intact store.
   */
  public boolean faultCorruptServedPieces() {
    return faultCorruptServedPieces;
  }

  /** Sets {@link #faultCorruptServedPieces()}. */
  public ClusterOptions setFaultCorruptServedPieces(boolean corrupt) {
    this.faultCorruptServedPieces = corrupt;
    return this;
  }

  /** Interval of the P2P health probe; a peer failing three probes in a row counts as unhealthy. */
  public Duration healthProbeInterval() {
    return healthProbeInterval;
  }

  /** Sets the health probe interval, at least 100 ms. */
  public ClusterOptions setHealthProbeInterval(Duration d) {
    this.healthProbeInterval = atLeast("healthProbeInterval", d, Duration.ofMillis(100));
    return this;
  }

  /**
   * Smallest piece stored as Reed–Solomon shards instead of copies (placement.md §5.4); 0 = never.
   */
  public long erasureCodingMinBytes() {
    return erasureCodingMinBytes;
  }

  /** Shards needed to rebuild a piece ({@code k}). */
  public int erasureCodingRequired() {
    return erasureCodingRequired;
  }

  /** Shards written per piece ({@code k + m}). */
  public int erasureCodingTotal() {
    return erasureCodingTotal;
  }

  /** Shards durable before an erasure-coded write succeeds. */
  public int erasureCodingSuccessThreshold() {
    return erasureCodingSuccessThreshold;
  }

  /**
   * Sets erasure coding: pieces of at least {@code minBytes} bytes (0 = none) become {@code total}
   * shards of which any {@code required} rebuild the piece ({@code 1 ≤ required ≤ total ≤ 256}); a
   * write succeeds once {@code successThreshold} shards are durable ({@code required ≤
   * successThreshold ≤ total}, so that an acknowledged piece can always be rebuilt).
   */
  public ClusterOptions setErasureCoding(
      long minBytes, int required, int total, int successThreshold) {
    if (minBytes < 0) {
      throw new IllegalArgumentException(
          "erasureCodingMinBytes must be at least 0, " + minBytes + " given");
    }
    if (required < 1 || total < required || total > 256) {
      throw new IllegalArgumentException(
          "erasure coding needs 1 ≤ required ≤ total ≤ 256, "
              + required
              + " of "
              + total
              + " given");
    }
    if (successThreshold < required || successThreshold > total) {
      throw new IllegalArgumentException(
          "erasureCodingSuccessThreshold must be "
              + required
              + "…"
              + total
              + ", "
              + successThreshold
              + " given");
    }
    this.erasureCodingMinBytes = minBytes;
    this.erasureCodingRequired = required;
    this.erasureCodingTotal = total;
    this.erasureCodingSuccessThreshold = successThreshold;
    return this;
  }

  private static String nonEmpty(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  private static int port(String name, int port, int min) {
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(name + " must be " + min + "…65535, " + port + " given");
    }
    return port;
  }

  private static Duration atLeast(String name, Duration d, Duration min) {
    Objects.requireNonNull(d, name);
    if (d.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", " + d + " given");
    }
    return d;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
