package io.ddc.edge;

import io.ddc.storage.StoreOptions;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Configuration of one node: identity, mode, listen addresses, data directory, cluster, the static
 * bucket registry of chain-less mode and the unacknowledged-delivery quota.
 *
 * <p>Every setting has a documented default ({@code DEFAULT_*}), a key under {@code ddc.node.}
 * (also its YAML path, see {@code docs/spec/node-config.md}) and, where the official node has one,
 * the same environment variable (node-protocol.md §11.1). Setters reject a bad value at once and
 * name it. The options remember where each value came from, for {@link #describe()}.
 */
public final class NodeOptions {

  /** The node's mode (node-protocol.md §1.2). */
  public enum Mode {
    STORAGE("Storage"),
    FULL("Full"),
    CACHE("Cache");

    private final String sdkName;

    Mode(String sdkName) {
      this.sdkName = sdkName;
    }

    /** The name the official client uses: {@code "Storage"}, {@code "Full"} or {@code "Cache"}. */
    public String sdkName() {
      return sdkName;
    }

    /** Parses {@code storage|full|cache}, case-insensitively. */
    public static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(s.strip())) {
          return m;
        }
      }
      throw new IllegalArgumentException("mode must be storage, full or cache, '" + s + "' given");
    }
  }

  /**
   * A bucket of the static registry (chain-less mode, node-protocol.md §10.4).
   *
   * @param id the bucket id, 1 … 2^53 − 1
   * @param ownerSs58 the owner account: an SS58 address or 0x-prefixed hex of the 32-byte key
   * @param isPublic whether anyone may read
   */
  public record StaticBucket(long id, String ownerSs58, boolean isPublic) {
    /** Validates the fields. */
    public StaticBucket {
      if (id < 1 || id > MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException(
            "bucket id must be in 1.." + MAX_SAFE_INTEGER + ", " + id);
      }
      Objects.requireNonNull(ownerSs58, "ownerSs58");
      if (ownerSs58.isBlank()) {
        throw new IllegalArgumentException("bucket " + id + ": owner must not be empty");
      }
    }

    /** Parses {@code id:owner[:public|private]} (private when the flag is absent). */
    static StaticBucket parse(String spec) {
      String[] p = spec.strip().split(":");
      if (p.length < 2 || p.length > 3) {
        throw new IllegalArgumentException(
            "bucket must be id:owner[:public|private], '" + spec + "' given");
      }
      boolean pub = false;
      if (p.length == 3) {
        pub =
            switch (p[2].strip().toLowerCase(Locale.ROOT)) {
              case "public" -> true;
              case "private" -> false;
              default ->
                  throw new IllegalArgumentException(
                      "bucket visibility must be public or private, '" + p[2] + "' given");
            };
      }
      return new StaticBucket(parseLong("bucket id", p[0]), p[1].strip(), pub);
    }
  }

  /** JavaScript's largest exact integer: ids, sizes and offsets stay below it (§3.9). */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  /** Default mode: {@link Mode#FULL}. */
  public static final Mode DEFAULT_MODE = Mode.FULL;

  /** Default bind address: {@code 127.0.0.1} (loopback only). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default HTTP port (info, grpc-web, gateway, metrics): 8080. 0 = ephemeral. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Default native gRPC port: 9090. 0 = ephemeral. */
  public static final int DEFAULT_GRPC_PORT = 9090;

  /** Default node-to-node port: 9070. 0 = ephemeral. */
  public static final int DEFAULT_P2P_PORT = 9070;

  /** Default data directory: {@code ./ddc-node-data}, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("ddc-node-data");

  /** Default cluster id: {@code 0x00…01}, the official client's test cluster. */
  public static final String DEFAULT_CLUSTER_ID = "0x0000000000000000000000000000000000000001";

  /** Default unacknowledged-delivery quota capacity: 52 428 800 bytes (50 MiB), §7.4. */
  public static final long DEFAULT_QUOTA_CAPACITY = 50L * 1024 * 1024;

  /** Default time after which a signer's quota refills completely: 1 500 s (§7.4, C15). */
  public static final Duration DEFAULT_QUOTA_REFILL_TIMEOUT = Duration.ofSeconds(1500);

  /** Default time after which an idle signer's quota entry is dropped: 3 000 s (§7.4, C15). */
  public static final Duration DEFAULT_QUOTA_MAX_TTL = Duration.ofSeconds(3000);

  /** Default largest inbound gRPC or WebSocket message: 16 MiB (C30). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Default erasure coding: segments needed to reconstruct a piece, 2. */
  public static final int DEFAULT_EC_REQUIRED = 2;

  /** Default erasure coding: segments written per piece, 3. */
  public static final int DEFAULT_EC_TOTAL = 3;

  /** Default erasure coding: segments stored before a write succeeds, 2. */
  public static final int DEFAULT_EC_SUCCESS_THRESHOLD = 2;

  /** Default erasure coding: missing segments that trigger a repair, 2. */
  public static final int DEFAULT_EC_REPAIR_THRESHOLD = 2;

  /** Default replicas of small objects and metadata: 3. */
  public static final int DEFAULT_REPLICATION_TOTAL = 3;

  /** Default replicas stored before a write succeeds: 3. */
  public static final int DEFAULT_REPLICATION_SUCCESS_THRESHOLD = 3;

  /** Default membership (Hazelcast) port: 5701. 0 = a free port picked at start. */
  public static final int DEFAULT_MEMBERSHIP_PORT = 5701;

  /** Default activity era length: 24 h (node-protocol.md §7.5, ACTIVITY_ERA_DURATION). */
  public static final Duration DEFAULT_ERA_DURATION = Duration.ofHours(24);

  /** Default debt above which a bucket owner's reads and writes are refused: 0 (any debt). */
  public static final BigInteger DEFAULT_DEBT_THRESHOLD = BigInteger.ZERO;

  private static final Pattern CLUSTER_ID = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern PUBLIC_KEY = Pattern.compile("0x[0-9a-fA-F]{64}");

  /** The scalar settings: key (YAML path), official environment name, default, parser. */
  enum Setting {
    NODE_ID("node-id", "NODE_ID", null, s -> nonBlank("node-id", s)),
    MODE("mode", "MODE", DEFAULT_MODE, Mode::parse),
    HOST("host", "HOST", DEFAULT_HOST, s -> nonBlank("host", s)),
    HTTP_PORT("http-port", "HTTP_PORT", DEFAULT_HTTP_PORT, s -> port("http-port", s)),
    GRPC_PORT("grpc-port", "GRPC_PORT", DEFAULT_GRPC_PORT, s -> port("grpc-port", s)),
    P2P_PORT("p2p-port", "P2P_PORT", DEFAULT_P2P_PORT, s -> port("p2p-port", s)),
    MEMBERSHIP_PORT(
        "membership-port",
        "MEMBERSHIP_PORT",
        DEFAULT_MEMBERSHIP_PORT,
        s -> port("membership-port", s)),
    CLUSTER_SEEDS("cluster-seeds", "CLUSTER_SEEDS", List.of(), NodeOptions::seedsValue),
    DATA_DIR("data-dir", "DATA_DIR", DEFAULT_DATA_DIR, s -> Path.of(nonBlank("data-dir", s))),
    CLUSTER_ID("cluster-id", "CLUSTER_ID", DEFAULT_CLUSTER_ID, NodeOptions::clusterIdValue),
    BLOCKCHAIN_URL("blockchain-url", "BLOCKCHAIN_URL", null, s -> s.strip()),
    PEER_SECRET_PHRASE(
        "peer-secret-phrase", "PEER_SECRET_PHRASE", null, s -> nonBlank("peer-secret-phrase", s)),
    QUOTA_CAPACITY(
        "quota.capacity",
        "UNACKNOWLEDGED_DELIVERY_QUOTA_CAPACITY",
        DEFAULT_QUOTA_CAPACITY,
        s -> positive("quota.capacity", parseLong("quota.capacity", s))),
    QUOTA_REFILL_TIMEOUT(
        "quota.refill-timeout",
        "UNACKNOWLEDGED_DELIVERY_QUOTA_REFILL_TIMEOUT",
        DEFAULT_QUOTA_REFILL_TIMEOUT,
        s -> duration("quota.refill-timeout", s)),
    QUOTA_MAX_TTL(
        "quota.max-ttl",
        "UNACKNOWLEDGED_DELIVERY_QUOTA_MAX_TTL",
        DEFAULT_QUOTA_MAX_TTL,
        s -> duration("quota.max-ttl", s)),
    MAX_MESSAGE_BYTES(
        "max-message-bytes",
        "MAX_MESSAGE_BYTES",
        DEFAULT_MAX_MESSAGE_BYTES,
        s ->
            (int)
                range("max-message-bytes", parseLong("max-message-bytes", s), 4_194_304, 1 << 30)),
    EC_REQUIRED(
        "redundancy.erasure-coding.required",
        "REDUNDANCY_ERASURE_CODING_REQUIRED",
        DEFAULT_EC_REQUIRED,
        s -> count("redundancy.erasure-coding.required", s)),
    EC_TOTAL(
        "redundancy.erasure-coding.total",
        "REDUNDANCY_ERASURE_CODING_TOTAL",
        DEFAULT_EC_TOTAL,
        s -> count("redundancy.erasure-coding.total", s)),
    EC_SUCCESS_THRESHOLD(
        "redundancy.erasure-coding.success-threshold",
        "REDUNDANCY_ERASURE_CODING_SUCCESS_THRESHOLD",
        DEFAULT_EC_SUCCESS_THRESHOLD,
        s -> count("redundancy.erasure-coding.success-threshold", s)),
    EC_REPAIR_THRESHOLD(
        "redundancy.erasure-coding.repair-threshold",
        "REDUNDANCY_ERASURE_CODING_REPAIR_THRESHOLD",
        DEFAULT_EC_REPAIR_THRESHOLD,
        s -> count("redundancy.erasure-coding.repair-threshold", s)),
    EC_MIN_BYTES(
        "redundancy.erasure-coding.min-bytes",
        "REDUNDANCY_ERASURE_CODING_MIN_BYTES",
        0L,
        s -> range("redundancy.erasure-coding.min-bytes", parseLong("min-bytes", s), 0, 1L << 28)),
    REPLICATION_TOTAL(
        "redundancy.replication.total",
        "REDUNDANCY_REPLICATION_TOTAL",
        DEFAULT_REPLICATION_TOTAL,
        s -> count("redundancy.replication.total", s)),
    REPLICATION_SUCCESS_THRESHOLD(
        "redundancy.replication.success-threshold",
        "REDUNDANCY_REPLICATION_SUCCESS_THRESHOLD",
        DEFAULT_REPLICATION_SUCCESS_THRESHOLD,
        s -> count("redundancy.replication.success-threshold", s)),
    ERA_DURATION(
        "activity.era-duration",
        "ACTIVITY_ERA_DURATION",
        DEFAULT_ERA_DURATION,
        s -> eraLength(duration("activity.era-duration", s))),
    VALIDATORS("activity.validators", "ACTIVITY_VALIDATORS", List.of(), NodeOptions::keysValue),
    DEBT_THRESHOLD(
        "debt.threshold", "DEBT_THRESHOLD", DEFAULT_DEBT_THRESHOLD, NodeOptions::debtValue),
    FAULT_INFLATE_TRANSFERRED(
        "fault.inflate-transferred",
        "FAULT_INFLATE_TRANSFERRED",
        1.0,
        s -> inflation(parseDouble("fault.inflate-transferred", s))),
    FAULT_LOSE_PIECES(
        "fault.lose-pieces", "FAULT_LOSE_PIECES", false, s -> bool("fault.lose-pieces", s)),
    FAULT_CORRUPT_SERVED_PIECES(
        "fault.corrupt-served-pieces",
        "FAULT_CORRUPT_SERVED_PIECES",
        false,
        s -> bool("fault.corrupt-served-pieces", s)),
    NETWORK_TRANSPORT(
        "network-transport", "NETWORK_TRANSPORT", NetworkTransport.NIO, NetworkTransport::parse),
    SERVER_INSTANCES(
        "server-instances",
        "SERVER_INSTANCES",
        0,
        s -> (int) range("server-instances", parseLong("server-instances", s), 0, 64));

    final String key;
    final String env;
    final Object defaultValue;
    final Function<String, Object> parser;

    Setting(String key, String env, Object defaultValue, Function<String, Object> parser) {
      this.key = key;
      this.env = env;
      this.defaultValue = defaultValue;
      this.parser = parser;
    }

    boolean secret() {
      return this == PEER_SECRET_PHRASE;
    }
  }

  /** Environment variable holding the static buckets: {@code id:owner[:public|private],…}. */
  static final String BUCKETS_ENV = "BUCKETS";

  private final EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);
  private final EnumMap<Setting, String> sources = new EnumMap<>(Setting.class);
  private List<StaticBucket> buckets;
  private String bucketsSource;
  private StoreOptions storage;
  private String source = "api";

  /** Options with every default. */
  public NodeOptions() {}

  /** Copy constructor. */
  public NodeOptions(NodeOptions other) {
    values.putAll(other.values);
    sources.putAll(other.sources);
    buckets = other.buckets;
    bucketsSource = other.bucketsSource;
    storage = other.storage == null ? null : new StoreOptions(other.storage);
  }

  // ---------------------------------------------------------------- setters and getters

  /** Node id; default: derived from the node key, or the gRPC URL when there is no key. */
  public NodeOptions nodeId(String nodeId) {
    return set(Setting.NODE_ID, nonBlank("node-id", nodeId));
  }

  /** The configured node id, or {@code null} when it is to be derived. */
  public String nodeId() {
    return (String) get(Setting.NODE_ID);
  }

  /** Mode; default {@link #DEFAULT_MODE}. */
  public NodeOptions mode(Mode mode) {
    return set(Setting.MODE, Objects.requireNonNull(mode, "mode"));
  }

  public Mode mode() {
    return (Mode) get(Setting.MODE);
  }

  /** Bind address of every server; default {@link #DEFAULT_HOST}. */
  public NodeOptions host(String host) {
    return set(Setting.HOST, nonBlank("host", host));
  }

  public String host() {
    return (String) get(Setting.HOST);
  }

  /** HTTP port; default {@link #DEFAULT_HTTP_PORT}; 0 = ephemeral. */
  public NodeOptions httpPort(int port) {
    return set(Setting.HTTP_PORT, port("http-port", port));
  }

  public int httpPort() {
    return (Integer) get(Setting.HTTP_PORT);
  }

  /** Native gRPC port; default {@link #DEFAULT_GRPC_PORT}; 0 = ephemeral. */
  public NodeOptions grpcPort(int port) {
    return set(Setting.GRPC_PORT, port("grpc-port", port));
  }

  public int grpcPort() {
    return (Integer) get(Setting.GRPC_PORT);
  }

  /** Node-to-node port; default {@link #DEFAULT_P2P_PORT}. */
  public NodeOptions p2pPort(int port) {
    return set(Setting.P2P_PORT, port("p2p-port", port));
  }

  public int p2pPort() {
    return (Integer) get(Setting.P2P_PORT);
  }

  /**
   * Membership (Hazelcast) port of the cluster manager; default {@link #DEFAULT_MEMBERSHIP_PORT}; 0
   * = a free port picked at start. Setting it explicitly turns the cluster manager on even without
   * seeds (the first member of a cluster).
   */
  public NodeOptions membershipPort(int port) {
    return set(Setting.MEMBERSHIP_PORT, port("membership-port", port));
  }

  public int membershipPort() {
    return (Integer) get(Setting.MEMBERSHIP_PORT);
  }

  /**
   * {@code host:port} of other members' membership ports; default empty (standalone: no cluster
   * manager unless {@link #membershipPort(int)} was set explicitly).
   */
  public NodeOptions clusterSeeds(List<String> seeds) {
    return set(Setting.CLUSTER_SEEDS, seedsValue(String.join(",", seeds)));
  }

  @SuppressWarnings("unchecked")
  public List<String> clusterSeeds() {
    return (List<String>) get(Setting.CLUSTER_SEEDS);
  }

  /** True when the node runs the cluster manager: seeds given or the membership port set. */
  public boolean clusterEnabled() {
    return !clusterSeeds().isEmpty() || sources.containsKey(Setting.MEMBERSHIP_PORT);
  }

  /** Replicas written per piece or record; default {@link #DEFAULT_REPLICATION_TOTAL}. */
  public int replicationTotal() {
    return redundancy(Setting.REPLICATION_TOTAL);
  }

  /** Replicas durable before a write is acknowledged; default 3. */
  public int replicationSuccessThreshold() {
    return redundancy(Setting.REPLICATION_SUCCESS_THRESHOLD);
  }

  /** Sets {@code redundancy.replication.total} and {@code .success-threshold}. */
  public NodeOptions replication(int total, int successThreshold) {
    set(Setting.REPLICATION_TOTAL, (int) range("redundancy.replication.total", total, 1, 1024));
    return set(
        Setting.REPLICATION_SUCCESS_THRESHOLD,
        (int) range("redundancy.replication.success-threshold", successThreshold, 1, 1024));
  }

  /** Directory of the piece store and the activity log; default {@link #DEFAULT_DATA_DIR}. */
  public NodeOptions dataDir(Path dir) {
    return set(Setting.DATA_DIR, Objects.requireNonNull(dir, "dataDir"));
  }

  public Path dataDir() {
    return (Path) get(Setting.DATA_DIR);
  }

  /** Cluster id, {@code 0x} + 40 hex digits; default {@link #DEFAULT_CLUSTER_ID}. */
  public NodeOptions clusterId(String clusterId) {
    return set(Setting.CLUSTER_ID, clusterIdValue(clusterId));
  }

  public String clusterId() {
    return (String) get(Setting.CLUSTER_ID);
  }

  /** Chain RPC URL; default none (chain-less mode, buckets from {@link #buckets()}). */
  public NodeOptions blockchainUrl(String url) {
    return set(Setting.BLOCKCHAIN_URL, url);
  }

  public String blockchainUrl() {
    return (String) get(Setting.BLOCKCHAIN_URL);
  }

  /** Mnemonic of the node key (ed25519); default none. Never printed. */
  public NodeOptions peerSecretPhrase(String phrase) {
    return set(Setting.PEER_SECRET_PHRASE, nonBlank("peer-secret-phrase", phrase));
  }

  public String peerSecretPhrase() {
    return (String) get(Setting.PEER_SECRET_PHRASE);
  }

  /** Unacknowledged-delivery quota in bytes; default {@link #DEFAULT_QUOTA_CAPACITY}. */
  public NodeOptions quotaCapacity(long bytes) {
    return set(Setting.QUOTA_CAPACITY, positive("quota.capacity", bytes));
  }

  public long quotaCapacity() {
    return (Long) get(Setting.QUOTA_CAPACITY);
  }

  /** Quota refill time; default {@link #DEFAULT_QUOTA_REFILL_TIMEOUT}. */
  public NodeOptions quotaRefillTimeout(Duration d) {
    return set(Setting.QUOTA_REFILL_TIMEOUT, positive("quota.refill-timeout", d));
  }

  public Duration quotaRefillTimeout() {
    return (Duration) get(Setting.QUOTA_REFILL_TIMEOUT);
  }

  /** Quota entry lifetime; default {@link #DEFAULT_QUOTA_MAX_TTL}. */
  public NodeOptions quotaMaxTtl(Duration d) {
    return set(Setting.QUOTA_MAX_TTL, positive("quota.max-ttl", d));
  }

  public Duration quotaMaxTtl() {
    return (Duration) get(Setting.QUOTA_MAX_TTL);
  }

  /** Largest inbound message in bytes; default {@link #DEFAULT_MAX_MESSAGE_BYTES}. */
  public NodeOptions maxMessageBytes(int bytes) {
    return set(
        Setting.MAX_MESSAGE_BYTES, (int) range("max-message-bytes", bytes, 4_194_304, 1 << 30));
  }

  public int maxMessageBytes() {
    return (Integer) get(Setting.MAX_MESSAGE_BYTES);
  }

  /** A redundancy count (the {@code REDUNDANCY_*} variables); defaults {@code DEFAULT_EC_*}. */
  /**
   * Length of an activity era (docs/spec/activity-api.md §2), whole seconds; default {@link
   * #DEFAULT_ERA_DURATION}.
   */
  public NodeOptions eraDuration(Duration d) {
    return set(Setting.ERA_DURATION, eraLength(d));
  }

  public Duration eraDuration() {
    return (Duration) get(Setting.ERA_DURATION);
  }

  /**
   * Public keys ({@code 0x} + 64 hex digits) allowed to audit this node when no chain supplies the
   * validator set; default none.
   */
  public NodeOptions validators(List<String> keys) {
    return set(Setting.VALIDATORS, keysValue(String.join(",", keys)));
  }

  @SuppressWarnings("unchecked")
  public List<String> validators() {
    return (List<String>) get(Setting.VALIDATORS);
  }

  /**
   * Debt (smallest units) a bucket owner may carry in the bucket's cluster before the node refuses
   * the bucket's reads and writes; default {@link #DEFAULT_DEBT_THRESHOLD} (any debt refuses).
   * Applies where the bucket registry knows debts (the chain-backed one).
   */
  public NodeOptions debtThreshold(BigInteger planck) {
    return set(Setting.DEBT_THRESHOLD, debtValue(planck.toString()));
  }

  public BigInteger debtThreshold() {
    return (BigInteger) get(Setting.DEBT_THRESHOLD);
  }

  /**
   * FAULT INJECTION, tests only, never in production: the node claims {@code floor(ack * factor)}
   * delivered bytes per get record; default 1.0 (honest).
   */
  public NodeOptions faultInflateTransferred(double factor) {
    return set(Setting.FAULT_INFLATE_TRANSFERRED, inflation(factor));
  }

  public double faultInflateTransferred() {
    return (Double) get(Setting.FAULT_INFLATE_TRANSFERRED);
  }

  /**
   * FAULT INJECTION, tests only, never in production: audit reads answer as if every piece were
   * lost; default false.
   */
  public NodeOptions faultLosePieces(boolean lose) {
    return set(Setting.FAULT_LOSE_PIECES, lose);
  }

  public boolean faultLosePieces() {
    return (Boolean) get(Setting.FAULT_LOSE_PIECES);
  }

  /**
   * FAULT INJECTION, tests only, never in production: pieces served to peers over P2P have one byte
   * flipped (cluster-transfer.md §6.3); default false.
   */
  public NodeOptions faultCorruptServedPieces(boolean corrupt) {
    return set(Setting.FAULT_CORRUPT_SERVED_PIECES, corrupt);
  }

  public boolean faultCorruptServedPieces() {
    return (Boolean) get(Setting.FAULT_CORRUPT_SERVED_PIECES);
  }

  /**
   * Socket transport of the node's Vert.x instance; default {@link NetworkTransport#NIO} (decision
   * 0004). Read by whoever creates the Vert.x instance (the launcher).
   */
  public NodeOptions networkTransport(NetworkTransport transport) {
    return set(Setting.NETWORK_TRANSPORT, Objects.requireNonNull(transport, "transport"));
  }

  public NetworkTransport networkTransport() {
    return (NetworkTransport) get(Setting.NETWORK_TRANSPORT);
  }

  /**
   * Instances of each client-facing server (HTTP gateway, gRPC), each on its own event loop and all
   * on the same port; default 0 = one per core, at most four. Fewer than the cores leaves them to
   * the node's other threads and, on a machine shared with its clients, to those.
   */
  public NodeOptions serverInstances(int instances) {
    return set(Setting.SERVER_INSTANCES, (int) range("server-instances", instances, 0, 64));
  }

  public int serverInstances() {
    return (Integer) get(Setting.SERVER_INSTANCES);
  }

  /** Whether any fault-injection option differs from its honest default. */
  public boolean faultsInjected() {
    return faultInflateTransferred() != 1.0 || faultLosePieces() || faultCorruptServedPieces();
  }

  int redundancy(Setting s) {
    return (Integer) get(s);
  }

  /** Smallest piece the cluster stores erasure-coded (placement.md §5.4); 0 (default) = none. */
  public long erasureCodingMinBytes() {
    return (Long) get(Setting.EC_MIN_BYTES);
  }

  /**
   * Options of the node's piece store ({@code <data-dir>/store}); default {@code new
   * StoreOptions()} (see docs/spec/storage-format.md for each default). Copied.
   */
  public NodeOptions storage(StoreOptions options) {
    this.storage = new StoreOptions(Objects.requireNonNull(options, "storage"));
    return this;
  }

  /** A copy of the piece store's options. */
  public StoreOptions storage() {
    return storage == null ? new StoreOptions() : new StoreOptions(storage);
  }

  /** Static bucket registry (chain-less mode); default empty. */
  public NodeOptions buckets(List<StaticBucket> list) {
    List<StaticBucket> copy = List.copyOf(list);
    for (int i = 0; i < copy.size(); i++) {
      for (int j = i + 1; j < copy.size(); j++) {
        if (copy.get(i).id() == copy.get(j).id()) {
          throw new IllegalArgumentException("buckets: id " + copy.get(i).id() + " given twice");
        }
      }
    }
    this.buckets = copy;
    this.bucketsSource = source;
    return this;
  }

  public List<StaticBucket> buckets() {
    return buckets == null ? List.of() : buckets;
  }

  // ---------------------------------------------------------------- sources

  /**
   * Options from environment variables: the official node's names (node-protocol.md §11.1) plus
   * {@code HOST}, {@code DATA_DIR}, {@code MAX_MESSAGE_BYTES} and {@code BUCKETS}. Unset variables
   * keep their defaults.
   *
   * @throws IllegalArgumentException naming the variable and the problem
   */
  public static NodeOptions fromEnvironment(Map<String, String> env) {
    NodeOptions o = new NodeOptions();
    for (Setting s : Setting.values()) {
      String v = env.get(s.env);
      if (v != null && !v.isBlank()) {
        o.source = "env " + s.env;
        o.setParsed(s, v, s.env);
      }
    }
    String b = env.get(BUCKETS_ENV);
    if (b != null && !b.isBlank()) {
      o.source = "env " + BUCKETS_ENV;
      List<StaticBucket> list = new ArrayList<>();
      for (String spec : b.split(",")) {
        list.add(prefixed(BUCKETS_ENV, () -> StaticBucket.parse(spec)));
      }
      o.buckets(list);
    }
    o.source = "api";
    return o;
  }

  /**
   * Options from a YAML file whose keys are those of {@code docs/spec/node-config.md}; nested maps
   * form dotted keys ({@code quota: {capacity: 1}} = {@code quota.capacity}).
   *
   * @throws IllegalArgumentException on an unreadable file, an unknown key or a bad value
   */
  public static NodeOptions fromYaml(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    NodeOptions o = new NodeOptions();
    o.source = file.getFileName().toString();
    if (root != null) {
      if (!(root instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(file + ": the top level must be a map");
      }
      o.applyYaml("", map, file);
    }
    o.source = "api";
    return o;
  }

  private void applyYaml(String prefix, Map<?, ?> map, Path file) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object v = e.getValue();
      if (key.equals("buckets")) {
        applyYamlBuckets(v, file);
        continue;
      }
      if (v instanceof Map<?, ?> nested) {
        applyYaml(key + ".", nested, file);
        continue;
      }
      Setting s = null;
      for (Setting c : Setting.values()) {
        if (c.key.equals(key)) {
          s = c;
        }
      }
      if (s == null) {
        throw new IllegalArgumentException(file + ": unknown key '" + key + "'");
      }
      if (v instanceof List<?> items) {
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
          parts.add(String.valueOf(item));
        }
        v = String.join(",", parts);
      }
      if (v != null) {
        setParsed(s, String.valueOf(v), file + ": " + key);
      }
    }
  }

  private void applyYamlBuckets(Object v, Path file) {
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(file + ": buckets must be a list");
    }
    List<StaticBucket> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(
            file + ": each bucket must be a map {id, owner, public}");
      }
      for (Object k : m.keySet()) {
        if (!List.of("id", "owner", "public").contains(String.valueOf(k))) {
          throw new IllegalArgumentException(file + ": unknown bucket key '" + k + "'");
        }
      }
      Object pub = m.get("public");
      if (m.get("owner") != null && !(m.get("owner") instanceof String)) {
        throw new IllegalArgumentException(
            file + ": bucket owner must be a quoted string, " + m.get("owner") + " given");
      }
      out.add(
          prefixed(
              file + ": buckets",
              () ->
                  new StaticBucket(
                      parseLong("bucket id", String.valueOf(m.get("id"))),
                      m.get("owner") == null ? "" : String.valueOf(m.get("owner")),
                      pub != null && Boolean.parseBoolean(String.valueOf(pub)))));
    }
    buckets(out);
  }

  /**
   * These options overlaid with every value {@code override} sets explicitly (from any source);
   * neither input changes.
   */
  public NodeOptions merge(NodeOptions override) {
    NodeOptions m = new NodeOptions(this);
    m.values.putAll(override.values);
    m.sources.putAll(override.sources);
    if (override.storage != null) {
      m.storage = new StoreOptions(override.storage);
    }
    if (override.buckets != null) {
      m.buckets = override.buckets;
      m.bucketsSource = override.bucketsSource;
    }
    return m;
  }

  /**
   * Checks the settings together (each setter already checked its own value).
   *
   * @throws IllegalArgumentException naming the conflicting settings
   */
  public NodeOptions validate() {
    if (redundancy(Setting.EC_REQUIRED) > redundancy(Setting.EC_TOTAL)) {
      throw new IllegalArgumentException(
          "redundancy.erasure-coding.required ("
              + redundancy(Setting.EC_REQUIRED)
              + ") must not exceed redundancy.erasure-coding.total ("
              + redundancy(Setting.EC_TOTAL)
              + ")");
    }
    if (redundancy(Setting.REPLICATION_SUCCESS_THRESHOLD) > redundancy(Setting.REPLICATION_TOTAL)) {
      throw new IllegalArgumentException(
          "redundancy.replication.success-threshold must not exceed redundancy.replication.total");
    }
    int http = httpPort();
    if (http != 0 && http == grpcPort()) {
      throw new IllegalArgumentException("http-port and grpc-port must differ, both are " + http);
    }
    return this;
  }

  /**
   * The effective configuration, one {@code ddc.node.<key> = value (source)} line per setting;
   * secrets print as {@code ***}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Setting s : Setting.values()) {
      Object v = get(s);
      String shown =
          v == null
              ? "(none)"
              : s.secret()
                  ? "***"
                  : v instanceof Duration d
                      ? formatDuration(d)
                      : v instanceof List<?> l
                          ? (l.isEmpty() ? "(none)" : joined(l))
                          : String.valueOf(v);
      sb.append("ddc.node.")
          .append(s.key)
          .append(" = ")
          .append(shown)
          .append("  (")
          .append(sources.getOrDefault(s, "default"))
          .append(")\n");
    }
    sb.append("ddc.node.buckets = ");
    if (buckets().isEmpty()) {
      sb.append("(none)");
    }
    for (int i = 0; i < buckets().size(); i++) {
      StaticBucket b = buckets().get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(b.id())
          .append(':')
          .append(b.ownerSs58())
          .append(':')
          .append(b.isPublic() ? "public" : "private");
    }
    sb.append("  (").append(bucketsSource == null ? "default" : bucketsSource).append(")\n");
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }

  private static String joined(List<?> l) {
    StringBuilder sb = new StringBuilder();
    for (Object o : l) {
      sb.append(sb.isEmpty() ? "" : ",").append(o);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- internals

  private Object get(Setting s) {
    return values.containsKey(s) ? values.get(s) : s.defaultValue;
  }

  private NodeOptions set(Setting s, Object v) {
    if (v == null) {
      values.remove(s);
      sources.remove(s);
    } else {
      values.put(s, v);
      sources.put(s, source);
    }
    return this;
  }

  private void setParsed(Setting s, String raw, String where) {
    set(s, prefixed(where, () -> s.parser.apply(raw.strip())));
  }

  private static <T> T prefixed(String where, java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static String nonBlank(String name, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return v.strip();
  }

  private static String clusterIdValue(String v) {
    if (v == null || !CLUSTER_ID.matcher(v.strip()).matches()) {
      throw new IllegalArgumentException(
          "cluster-id must be 0x followed by 40 hex digits, '" + v + "' given");
    }
    return v.strip().toLowerCase(Locale.ROOT);
  }

  /** Comma-separated {@code host:port} list; blanks between commas are ignored. */
  private static List<String> seedsValue(String v) {
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      String seed = part.strip();
      if (seed.isEmpty()) {
        continue;
      }
      int colon = seed.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "cluster-seeds: each seed must be host:port, '" + seed + "' given");
      }
      range(
          "cluster-seeds port",
          parseLong("cluster-seeds port", seed.substring(colon + 1)),
          1,
          65535);
      out.add(seed);
    }
    return List.copyOf(out);
  }

  private static Duration eraLength(Duration d) {
    if (d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "activity.era-duration must be a positive whole number of seconds, " + d + " given");
    }
    return d;
  }

  private static List<String> keysValue(String v) {
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      String key = part.strip().toLowerCase(Locale.ROOT);
      if (key.isEmpty()) {
        continue;
      }
      if (!PUBLIC_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "activity.validators: each key must be 0x followed by 64 hex digits, '"
                + part.strip()
                + "' given");
      }
      out.add(key);
    }
    return List.copyOf(out);
  }

  private static BigInteger debtValue(String v) {
    try {
      BigInteger b = new BigInteger(v.strip());
      if (b.signum() < 0) {
        throw new NumberFormatException();
      }
      return b;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "debt.threshold must be a non-negative integer, '" + v + "' given");
    }
  }

  private static double parseDouble(String name, String v) {
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, '" + v + "' given");
    }
  }

  private static double inflation(double factor) {
    if (!(factor >= 1.0 && factor <= 1000.0)) {
      throw new IllegalArgumentException(
          "fault.inflate-transferred must be in 1 … 1000, " + factor + " given");
    }
    return factor;
  }

  private static boolean bool(String name, String v) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(name + " must be true or false, '" + v + "' given");
    }
    return Boolean.parseBoolean(s);
  }

  static long parseLong(String name, String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, '" + v + "' given");
    }
  }

  private static int port(String name, String v) {
    return (int) range(name, parseLong(name, v), 0, 65535);
  }

  private static int port(String name, int v) {
    return (int) range(name, v, 0, 65535);
  }

  private static long range(String name, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          name + " must be in " + min + ".." + max + ", " + v + " given");
    }
    return v;
  }

  private static long positive(String name, long v) {
    return range(name, v, 1, Long.MAX_VALUE);
  }

  private static int count(String name, String v) {
    return (int) range(name, parseLong(name, v), 1, 1024);
  }

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, " + d + " given");
    }
    return d;
  }

  static String formatDuration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Parses {@code 1500s}, {@code 25m}, {@code 2h}, {@code 500ms} or plain seconds. */
  static Duration duration(String name, String v) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(s));
      }
      return positive(name, d);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a duration such as 1500s, 25m or 2h, '" + v + "' given");
    }
  }
}
