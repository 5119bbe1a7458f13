package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.edge.DdcNode;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that serves corrupt bytes to its peers is reported by the peer that caught it on {@code
 * GET /activity/faults} (activity-api.md §6.8), the hint validators use to audit it harder, while
 * clients keep reading correct bytes.
 */
class PeerFaultReportTest {
  @TempDir Path dir;

  @Test
  void thePeerThatCaughtCorruptBytesReportsTheNodeAndServesCorrectOnes() throws Exception {
    List<Vertx> vertxes = new ArrayList<>();
    List<DdcNode> nodes = new ArrayList<>();
    List<String> seeds = new ArrayList<>();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      for (int i = 0; i < 3; i++) {
        Vertx v = Vertx.vertx();
        vertxes.add(v);
        boolean corrupt = i == 1;
        String phrase = "//PeerFault" + i;
        DdcNode n =
            Nodes.startMember(
                v,
                dir.resolve("node" + i),
                "it-fault-" + i,
                seeds,
                2,
                o -> o.peerSecretPhrase(phrase).faultCorruptServedPieces(corrupt));
        nodes.add(n);
        seeds.add("127.0.0.1:" + n.membershipPort());
      }
      Nodes.awaitMembers(nodes, 3);
      String corruptKey =
          HexFormat.of().formatHex(Keys.fromUri("//PeerFault1", KeyScheme.ED25519).publicKey());

      // 40 pieces through the honest node 0: two copies each, so about a third of them lie on
      // nodes 0 and 1 only, and node 2 must fetch them; where node 1 ranks first, it is asked
      // first and answers corrupt bytes.
      Random r = new Random(21);
      List<byte[]> contents = new ArrayList<>();
      List<Cid> cids = new ArrayList<>();
      try (DdcClient writer = client(vertxes.get(0), nodes.get(0))) {
        for (int i = 0; i < 40; i++) {
          byte[] c = new byte[2048 + r.nextInt(2048)];
          r.nextBytes(c);
          contents.add(c);
          cids.add(writer.storeBytes(1, Buffer.buffer(c), null).await(60, TimeUnit.SECONDS));
        }
      }
      for (int i = 0; i < cids.size(); i++) {
        HttpResponse<byte[]> got =
            http.send(
                HttpRequest.newBuilder(URI.create(base(nodes.get(2)) + "/1/" + cids.get(i)))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).as("piece %d through node 2", i).isEqualTo(200);
        assertThat(got.body()).as("piece %d through node 2", i).isEqualTo(contents.get(i));
      }

      JsonArray reported = faults(http, nodes.get(2));
      assertThat(reported).as("node 2's fault reports").hasSize(1);
      JsonObject f = reported.getJsonObject(0);
      assertThat(f.getString("node_id")).isEqualTo("0x" + corruptKey);
      assertThat(f.getLong("corrupt_answers")).isPositive();
      assertThat(faults(http, nodes.get(1))).as("the corrupt node itself caught no one").isEmpty();
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close().await(30, TimeUnit.SECONDS);
      }
      for (Vertx v : vertxes) {
        v.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static DdcClient client(Vertx vertx, DdcNode node) {
    return DdcClient.create(
        vertx,
        new DdcClientOptions()
            .nodes(List.of(Nodes.grpcUrl(node)))
            .call(new NodeClientOptions().signer(Nodes.ROOT))
            .backoffMillis(10));
  }

  private static String base(DdcNode n) {
    return "http://127.0.0.1:" + n.httpPort();
  }

  private static JsonArray faults(HttpClient http, DdcNode n) throws Exception {
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create(base(n) + "/activity/faults")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    return new JsonArray(resp.body());
  }
}
