package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void theWindowLiesOutsideTheEphemeralRange() {
    assertThat(Ports.window(new int[] {32768, 60999})).containsExactly(Ports.FLOOR, 32767);
    assertThat(Ports.window(new int[] {1024, 60999})).containsExactly(61000, 65535);
    assertThat(Ports.window(new int[] {1024, 65000})).isNull();
    assertThat(Ports.window(null)).isNull();
  }

  @Test
  void reservedPortsAreDistinctAndBindable() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = Ports.reserve();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      try (ServerSocket s = new ServerSocket(port)) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void portsComeFromOutsideTheKernelsEphemeralRangeOnThisMachine() {
    int[] range = Ports.ephemeralRange();
    Assumptions.assumeTrue(range != null && Ports.window(range) != null);
    assertThat(range[0]).isLessThan(range[1]);
    int port = Ports.reserve();
    assertThat(port < range[0] || port > range[1])
        .as("port %d outside %d-%d", port, range[0], range[1])
        .isTrue();
  }
}
