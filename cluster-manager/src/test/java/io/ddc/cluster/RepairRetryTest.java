package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A repair pass with failed copies runs again by itself (cluster-transfer.md §7), without a further
 * membership change: a placement node that could not be reached during one pass gets its copies
 * from a later one once it answers again.
 */
@Timeout(120)
class RepairRetryTest {

  @Test
  void aPassWithFailedCopiesRunsAgainUntilTheCopiesArrive() throws Exception {
    try (ClusterHarness h = new ClusterHarness(3)) {
      for (int i = 0; i < 3; i++) {
        h.start(i);
      }
      h.awaitMembers(3, h.nodes);
      // The passes the joins triggered are over before the pieces exist, so that only a retry can
      // send them later.
      h.awaitFirstRepairPasses();
      ClusterHarness.Node holder = h.nodes.get(0);
      ClusterHarness.Node silent = h.nodes.get(1);
      // Three nodes, three copies: every piece belongs on all of them; only the holder has these.
      List<Cid> cids = new ArrayList<>();
      Random random = new Random(5);
      for (int i = 0; i < 6; i++) {
        byte[] content = new byte[100 + random.nextInt(5000)];
        random.nextBytes(content);
        cids.add(write(holder.store(), 1, content));
      }
      ClusterHarness.noteBucket(holder, 1); // as a client write would
      get(silent.cluster().stopP2pServer()); // still a member, answers no P2P request
      RepairReport failed = get(holder.cluster().repairNow());
      assertThat(failed.copiesFailed()).as("copies the silent node could not take").isPositive();
      long passes = holder.cluster().stats().repairPasses();
      for (Cid cid : cids) {
        assertThat(holds(silent.store(), cid)).isFalse();
      }

      get(silent.cluster().restartP2pServer());
      await(
          () -> cids.stream().allMatch(cid -> holds(silent.store(), cid)),
          Duration.ofSeconds(30),
          "the copies reach the node once it answers again");
      // A pass is counted when it ends, which may be just after its copies landed.
      await(
          () -> holder.cluster().stats().repairPasses() > passes,
          Duration.ofSeconds(30),
          "the retry pass, with no membership change, ends");
      await(
          () -> holder.cluster().lastRepair().map(r -> r.copiesFailed() == 0).orElse(false),
          Duration.ofSeconds(30),
          "a clean pass after the retry");
    }
  }
}
