package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.getOnContext;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.read;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pipelined replication (cluster-transfer.md §5.1): a piece streamed to its replicas while it is
 * received is acknowledged only when every copy the threshold needs is durable under the CID the
 * writer computed; a copy that arrived different, or a stream that was dropped, leaves nothing
 * under the piece's CID until the stored copy is sent.
 */
@Timeout(120)
class PipelinedWriteTest {
  private static byte[] content(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Forwards {@code bytes} in 64 KiB chunks and ends the streams. */
  private static Future<Void> forward(PipelinedWrite w, byte[] bytes) {
    for (int off = 0; off < bytes.length; off += 65_536) {
      w.write(Buffer.buffer(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 65_536))));
    }
    w.end(bytes.length);
    return Future.succeededFuture();
  }

  @Test
  void streamedCopiesCountOnlyUnderTheWritersCid() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 3; i++) {
        h.start(i);
      }
      h.awaitMembers(3, h.nodes);
      ClusterHarness.Node writer = h.nodes.get(0);

      // 1: three replica holders, three copies: the placement is every node, so the piece streams.
      byte[] data = content(700_000, 1);
      PipelinedWrite w =
          getOnContext(writer.vertx(), () -> writer.cluster().pipeline(1, data.length));
      assertThat(w).isNotNull();
      assertThat(w.legs()).hasSize(2);
      getOnContext(writer.vertx(), () -> forward(w, data));
      Cid cid = write(writer.store(), 1, data);
      ReplicationResult r = getOnContext(writer.vertx(), () -> writer.cluster().finish(w, cid));
      assertThat(r.durableOn()).hasSize(3);
      for (PipelinedWrite.Leg l : w.legs()) {
        assertThat(l.reply().result()).isEqualTo(cid); // streamed, not pushed afterwards
      }
      for (ClusterHarness.Node n : h.nodes) {
        assertThat(read(n.store(), cid)).isEqualTo(data);
      }

      // 2: the replicas received other bytes: their copies do not count, the stored copy is sent.
      byte[] good = content(300_000, 2);
      byte[] bad = good.clone();
      bad[1234] ^= 1;
      PipelinedWrite w2 =
          getOnContext(writer.vertx(), () -> writer.cluster().pipeline(1, good.length));
      getOnContext(writer.vertx(), () -> forward(w2, bad));
      Cid goodCid = write(writer.store(), 1, good);
      ReplicationResult r2 =
          getOnContext(writer.vertx(), () -> writer.cluster().finish(w2, goodCid));
      assertThat(r2.durableOn()).hasSize(3);
      for (PipelinedWrite.Leg l : w2.legs()) {
        assertThat(l.reply().result()).isEqualTo(Cid.compute(Cid.Codec.RAW, bad));
      }
      for (ClusterHarness.Node n : h.nodes) {
        assertThat(read(n.store(), goodCid)).isEqualTo(good);
      }

      // 3: an aborted write leaves nothing on the replicas.
      byte[] dropped = content(200_000, 3);
      Cid droppedCid = Cid.compute(Cid.Codec.RAW, dropped);
      PipelinedWrite w3 =
          getOnContext(writer.vertx(), () -> writer.cluster().pipeline(1, dropped.length));
      getOnContext(
          writer.vertx(),
          () -> {
            w3.write(Buffer.buffer(Arrays.copyOf(dropped, 100_000)));
            w3.abort();
            return Future.succeededFuture();
          });
      await(
          () -> w3.legs().stream().allMatch(l -> l.reply().failed()),
          Duration.ofSeconds(20),
          "both streams failed");
      for (ClusterHarness.Node n : h.nodes.subList(1, 3)) {
        assertThat(holds(n.store(), droppedCid)).isFalse();
      }

      // 4: with more replica holders than copies the placement needs the CID: no pipelining.
      h.start(3);
      h.awaitMembers(4, h.nodes);
      assertThat((Object) getOnContext(writer.vertx(), () -> writer.cluster().pipeline(1, 1000)))
          .isNull();
      // nor for a piece whose size is not announced
      ClusterHarness.get(h.nodes.get(3).cluster().close());
      h.awaitMembers(3, h.nodes.subList(0, 3));
      assertThat((Object) getOnContext(writer.vertx(), () -> writer.cluster().pipeline(1, 0)))
          .isNull();
    }
  }
}
