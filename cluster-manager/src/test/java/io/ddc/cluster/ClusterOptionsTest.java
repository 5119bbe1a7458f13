package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void jsonRoundTripAndCopy() {
    ClusterOptions o =
        new ClusterOptions()
            .setClusterId("c1")
            .setSeeds(List.of("127.0.0.1:5701", "127.0.0.1:5702"))
            .setP2pPort(0)
            .setWeight(2.5)
            .setMode(NodeMode.FULL)
            .setReplicationTotal(5)
            .setReplicationSuccessThreshold(4)
            .setRepairGracePeriod(Duration.ofMillis(250))
            .setFaultCorruptServedPieces(true);
    ClusterOptions back = new ClusterOptions(o.toJson());
    assertThat(back.toJson()).isEqualTo(o.toJson());
    assertThat(new ClusterOptions(o).toJson()).isEqualTo(o.toJson());
    assertThat(back.seeds()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(back.repairGracePeriod()).isEqualTo(Duration.ofMillis(250));
    assertThat(back.faultCorruptServedPieces()).isTrue();
  }

  @Test
  void defaultsAreTheOfficialTestClusterValues() {
    ClusterOptions o = new ClusterOptions();
    assertThat(o.replicationTotal()).isEqualTo(3);
    assertThat(o.replicationSuccessThreshold()).isEqualTo(3);
    assertThat(o.p2pPort()).isEqualTo(9071);
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.faultCorruptServedPieces()).as("fault injection off").isFalse();
  }

  @Test
  void badValuesAreRejectedWithTheirName() {
    ClusterOptions o = new ClusterOptions();
    assertThatThrownBy(() -> o.setReplicationSuccessThreshold(4))
        .hasMessage("replicationSuccessThreshold must be 1…3, 4 given");
    assertThatThrownBy(() -> o.setSeeds(List.of("nohost"))).hasMessageContaining("host:port");
    assertThatThrownBy(() -> o.setWeight(0)).hasMessageContaining("weight");
    assertThatThrownBy(() -> o.setMaxNoHeartbeat(Duration.ofSeconds(1)))
        .hasMessageContaining("maxNoHeartbeat");
    assertThat(o.setReplicationTotal(2).replicationSuccessThreshold()).isEqualTo(2);
  }

  @Test
  void descriptorJsonRoundTrip() {
    NodeDescriptor d = new NodeDescriptor("ab".repeat(32), "127.0.0.1", 9071, 1.5, NodeMode.CACHE);
    assertThat(NodeDescriptor.fromJson(d.toJson())).isEqualTo(d);
    assertThatThrownBy(() -> new NodeDescriptor("AB", "h", 1, 1, NodeMode.FULL))
        .hasMessageContaining("nodeId");
  }
}
