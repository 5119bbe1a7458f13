package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A copy of a client's write that never completes fails at its deadline (decision 0069): the write
 * is refused instead of waiting for ever, and the next write goes through once copies complete.
 */
@Timeout(120)
class ReplicationDeadlineTest {

  @Test
  void aWriteWhoseCopiesNeverCompleteFailsAtTheirDeadline() throws Exception {
    try (ClusterHarness h = new ClusterHarness(3)) {
      CorruptingPieceStore stalling = new CorruptingPieceStore(new InMemoryPieceStore());
      ClusterHarness.Node writer =
          h.startThree(stalling, o -> o.setTransferTimeout(Duration.ofMillis(1500)));
      byte[] content = new byte[300_000];
      new Random(9).nextBytes(content);
      Cid cid = write(stalling, 1, content);
      stalling.stallOpens = true; // each copy's read of the piece now waits for ever

      long started = System.nanoTime();
      Throwable refused = catchThrowable(() -> get(writer.cluster().replicate(1, cid)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(refused)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ReplicationException.class)
          .cause()
          .isInstanceOf(Deadline.Exceeded.class)
          .hasMessageContaining("had no outcome within 1500 ms");
      assertThat(took).as("refused at the copies' deadline").isLessThan(Duration.ofSeconds(15));

      stalling.stallOpens = false;
      ReplicationResult r = get(writer.cluster().replicate(1, cid));
      assertThat(r.durableOn()).hasSizeGreaterThanOrEqualTo(2);
      ClusterHarness.await(
          () -> holds(h.nodes.get(1).store(), cid) && holds(h.nodes.get(2).store(), cid),
          Duration.ofSeconds(30),
          "both copies");
    }
  }
}
