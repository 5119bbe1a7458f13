package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.edge.NodeOptions.Mode;
import io.ddc.edge.NodeOptions.StaticBucket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeOptionsTest {
  @TempDir Path dir;

  @Test
  void defaults() {
    NodeOptions o = new NodeOptions();
    assertThat(o.mode()).isEqualTo(Mode.FULL);
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.httpPort()).isEqualTo(8080);
    assertThat(o.grpcPort()).isEqualTo(9090);
    assertThat(o.nodeId()).isNull();
    assertThat(o.quotaCapacity()).isEqualTo(52_428_800L);
    assertThat(o.quotaRefillTimeout()).isEqualTo(Duration.ofSeconds(1500));
    assertThat(o.buckets()).isEmpty();
    assertThat(Mode.STORAGE.sdkName()).isEqualTo("Storage");
    assertThat(Mode.CACHE.sdkName()).isEqualTo("Cache");
  }

  @Test
  void officialEnvironmentNames() {
    NodeOptions o =
        NodeOptions.fromEnvironment(
            Map.of(
                "NODE_ID", "3",
                "MODE", "storage",
                "HTTP_PORT", "8093",
                "GRPC_PORT", "9093",
                "PEER_SECRET_PHRASE", "rule output true detect",
                "CLUSTER_ID", "0x0000000000000000000000000000000000000001",
                "UNACKNOWLEDGED_DELIVERY_QUOTA_CAPACITY", "1048576",
                "UNACKNOWLEDGED_DELIVERY_QUOTA_REFILL_TIMEOUT", "25m",
                "BUCKETS",
                    "1:6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP:public,2:0xab:private"));
    assertThat(o.nodeId()).isEqualTo("3");
    assertThat(o.mode()).isEqualTo(Mode.STORAGE);
    assertThat(o.httpPort()).isEqualTo(8093);
    assertThat(o.grpcPort()).isEqualTo(9093);
    assertThat(o.quotaCapacity()).isEqualTo(1_048_576L);
    assertThat(o.quotaRefillTimeout()).isEqualTo(Duration.ofMinutes(25));
    assertThat(o.buckets())
        .containsExactly(
            new StaticBucket(1, "6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP", true),
            new StaticBucket(2, "0xab", false));
    String d = o.describe();
    assertThat(d).contains("ddc.node.http-port = 8093  (env HTTP_PORT)");
    assertThat(d).contains("ddc.node.host = 127.0.0.1  (default)");
    assertThat(d).contains("ddc.node.peer-secret-phrase = ***").doesNotContain("rule output");
  }

  @Test
  void badValuesNameTheSourceAndTheSetting() {
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("HTTP_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP_PORT: http-port must be in 0..65535, 70000 given");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("MODE", "dac")))
        .hasMessageContaining("MODE: mode must be storage, full or cache");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("CLUSTER_ID", "0x12")))
        .hasMessageContaining("cluster-id must be 0x followed by 40 hex digits");
    assertThatThrownBy(() -> new NodeOptions().quotaCapacity(0))
        .hasMessageContaining("quota.capacity");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("BUCKETS", "1:a,1:b")))
        .hasMessageContaining("id 1 given twice");
  }

  @Test
  void yamlFileAndMergeKeepSources() throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(
        f,
        """
        mode: cache
        http-port: 8095
        quota:
          capacity: 1000
          max-ttl: 1h
        buckets:
          - {id: 1, owner: "0x2c1a", public: true}
          - {id: 2, owner: "0x2c1a"}
        """);
    NodeOptions yaml = NodeOptions.fromYaml(f);
    assertThat(yaml.mode()).isEqualTo(Mode.CACHE);
    assertThat(yaml.quotaMaxTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(yaml.buckets()).extracting(StaticBucket::isPublic).containsExactly(true, false);

    NodeOptions merged = yaml.merge(NodeOptions.fromEnvironment(Map.of("HTTP_PORT", "8100")));
    assertThat(merged.httpPort()).isEqualTo(8100);
    assertThat(merged.mode()).isEqualTo(Mode.CACHE);
    assertThat(merged.quotaCapacity()).isEqualTo(1000);
    assertThat(merged.describe())
        .contains("ddc.node.mode = CACHE  (node.yaml)")
        .contains("ddc.node.quota.max-ttl = 3600s  (node.yaml)")
        .contains("ddc.node.http-port = 8100  (env HTTP_PORT)")
        .contains("ddc.node.buckets = 1:0x2c1a:public, 2:0x2c1a:private  (node.yaml)");
    assertThat(yaml.httpPort()).isEqualTo(8095);
  }

  @Test
  void yamlRejectsUnknownKeys() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "http-prot: 1\n");
    assertThatThrownBy(() -> NodeOptions.fromYaml(f))
        .hasMessageContaining("unknown key 'http-prot'");
  }

  @Test
  void copiesAreIndependent() {
    NodeOptions a = new NodeOptions().httpPort(1);
    NodeOptions b = new NodeOptions(a).httpPort(2).buckets(List.of(new StaticBucket(5, "x", true)));
    assertThat(a.httpPort()).isEqualTo(1);
    assertThat(a.buckets()).isEmpty();
    assertThat(b.httpPort()).isEqualTo(2);
  }

  @Test
  void clusterSettingsFromEnvironmentAndYaml() throws Exception {
    NodeOptions standalone = new NodeOptions();
    assertThat(standalone.clusterEnabled()).isFalse();
    assertThat(standalone.membershipPort()).isEqualTo(5701);
    assertThat(standalone.clusterSeeds()).isEmpty();
    assertThat(standalone.describe()).contains("ddc.node.cluster-seeds = (none)  (default)");

    NodeOptions env =
        NodeOptions.fromEnvironment(
            Map.of("CLUSTER_SEEDS", "10.0.0.1:5701, node-b:5702,", "MEMBERSHIP_PORT", "5800"));
    assertThat(env.clusterSeeds()).containsExactly("10.0.0.1:5701", "node-b:5702");
    assertThat(env.membershipPort()).isEqualTo(5800);
    assertThat(env.clusterEnabled()).isTrue();
    assertThat(env.describe())
        .contains("ddc.node.cluster-seeds = 10.0.0.1:5701,node-b:5702  (env CLUSTER_SEEDS)");

    assertThat(new NodeOptions().membershipPort(0).clusterEnabled())
        .as("an explicit membership port starts the first member of a cluster")
        .isTrue();

    Path yaml =
        Files.writeString(
            dir.resolve("cluster.yaml"),
            "cluster-seeds:\n  - a:1\n  - b:2\nredundancy:\n  replication:\n    total: 2\n"
                + "    success-threshold: 2\n");
    NodeOptions y = NodeOptions.fromYaml(yaml);
    assertThat(y.clusterSeeds()).containsExactly("a:1", "b:2");
    assertThat(y.replicationTotal()).isEqualTo(2);
    assertThat(y.replicationSuccessThreshold()).isEqualTo(2);

    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("CLUSTER_SEEDS", "nohost")))
        .hasMessageContaining("CLUSTER_SEEDS")
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("CLUSTER_SEEDS", "a:0")))
        .hasMessageContaining("1..65535");
  }

  @Test
  void activityDebtAndFaultSettings() {
    NodeOptions d = new NodeOptions();
    assertThat(d.eraDuration()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(d.validators()).isEmpty();
    assertThat(d.debtThreshold()).isZero();
    assertThat(d.faultsInjected()).isFalse();
    String key = "0x" + "Ab".repeat(32);
    NodeOptions o =
        NodeOptions.fromEnvironment(
            Map.of(
                "ACTIVITY_ERA_DURATION", "2m",
                "ACTIVITY_VALIDATORS", key + ", 0x" + "01".repeat(32),
                "DEBT_THRESHOLD", "340282366920938463463374607431768211455",
                "FAULT_INFLATE_TRANSFERRED", "2.5",
                "FAULT_LOSE_PIECES", "true"));
    assertThat(o.eraDuration()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(o.validators()).containsExactly(key.toLowerCase(), "0x" + "01".repeat(32));
    assertThat(o.debtThreshold())
        .isEqualTo(java.math.BigInteger.TWO.pow(128).subtract(java.math.BigInteger.ONE));
    assertThat(o.faultInflateTransferred()).isEqualTo(2.5);
    assertThat(o.faultLosePieces()).isTrue();
    assertThat(o.faultsInjected()).isTrue();
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("ACTIVITY_ERA_DURATION", "1500ms")))
        .hasMessageContaining("ACTIVITY_ERA_DURATION")
        .hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("ACTIVITY_VALIDATORS", "0x12")))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("DEBT_THRESHOLD", "-1")))
        .hasMessageContaining("non-negative");
    assertThatThrownBy(
            () -> NodeOptions.fromEnvironment(Map.of("FAULT_INFLATE_TRANSFERRED", "0.5")))
        .hasMessageContaining("1 … 1000");
    assertThatThrownBy(() -> NodeOptions.fromEnvironment(Map.of("FAULT_LOSE_PIECES", "yes")))
        .hasMessageContaining("true or false");
  }
}
