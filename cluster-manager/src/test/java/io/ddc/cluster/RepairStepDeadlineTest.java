package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A repair step that never completes fails at its deadline (cluster-transfer.md §7): the pass ends
 * with the copy counted as failed instead of waiting for ever, and the retry sends it once the step
 * can complete again.
 */
@Timeout(120)
class RepairStepDeadlineTest {

  @Test
  void aCopyWhosePieceNeverOpensFailsAtItsDeadlineAndTheRetrySendsIt() throws Exception {
    try (ClusterHarness h = new ClusterHarness(3)) {
      CorruptingPieceStore stalling = new CorruptingPieceStore(new InMemoryPieceStore());
      ClusterHarness.Node holder =
          h.startThree(stalling, o -> o.setRepairStepTimeout(Duration.ofMillis(800)));
      // As in RepairRetryTest: only a pass started by the test can send the pieces below.
      h.awaitFirstRepairPasses();
      // Three nodes, three copies: every piece belongs on all of them; only the holder has these.
      List<Cid> cids = new ArrayList<>();
      Random random = new Random(7);
      for (int i = 0; i < 5; i++) {
        byte[] content = new byte[100 + random.nextInt(5000)];
        random.nextBytes(content);
        cids.add(write(stalling, 1, content));
      }
      ClusterHarness.noteBucket(holder, 1); // as a client write would
      stalling.stallOpens = true; // every copy's read of the piece now waits for ever

      long started = System.nanoTime();
      RepairReport stuck = get(holder.cluster().repairNow());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(stuck.copiesFailed())
          .as("two copies of each piece, none could be read")
          .isEqualTo(2L * cids.size());
      assertThat(stuck.copiesMade()).isZero();
      assertThat(took)
          .as("the pass ended at the copies' deadline")
          .isLessThan(Duration.ofSeconds(20));
      assertThat(holder.cluster().stats().repairStepTimeouts())
          .isGreaterThanOrEqualTo(2L * cids.size());

      stalling.stallOpens = false;
      await(
          () ->
              cids.stream()
                  .allMatch(
                      cid ->
                          holds(h.nodes.get(1).store(), cid) && holds(h.nodes.get(2).store(), cid)),
          Duration.ofSeconds(30),
          "the retry sends the copies once the pieces open again");
      await(
          () -> holder.cluster().lastRepair().map(r -> r.copiesFailed() == 0).orElse(false),
          Duration.ofSeconds(30),
          "a clean pass after the retry");
    }
  }
}
