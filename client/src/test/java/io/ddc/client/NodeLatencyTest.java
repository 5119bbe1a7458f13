package io.ddc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeLatencyTest {
  @Test
  void fastestFirstUnmeasuredBeforeMeasuredFailingLast() {
    NodeLatency<String> l = new NodeLatency<>();
    l.success("slow", 80);
    l.success("fast", 5);
    l.failure("down");
    assertThat(l.order(List.of("down", "slow", "fast", "new")))
        .containsExactly("new", "fast", "slow", "down");
  }

  @Test
  void averageMovesTowardsNewSamples() {
    NodeLatency<String> l = new NodeLatency<>();
    l.success("a", 100);
    l.success("a", 0);
    assertThat(l.millis("a")).isEqualTo(70.0);
    l.failure("a");
    assertThat(l.millis("a"))
        .isEqualTo(70 + NodeLatency.ALPHA * (NodeLatency.FAILURE_PENALTY_MILLIS - 70));
  }

  @Test
  void unmeasuredNodesComeInRandomOrder() {
    NodeLatency<String> l = new NodeLatency<>();
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      firsts.add(l.order(List.of("a", "b", "c")).get(0));
    }
    assertThat(firsts).containsExactlyInAnyOrder("a", "b", "c");
  }
}
