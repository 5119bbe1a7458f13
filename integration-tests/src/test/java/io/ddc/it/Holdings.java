package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.cluster.placement.PlacementNode;
import io.ddc.cluster.placement.RendezvousPlacement;
import io.ddc.crypto.Hashing;
import io.ddc.crypto.KeyPair;
import io.ddc.it.NodeProcesses.Node;
import io.ddc.protocol.cid.Cid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * What the nodes of a {@link NodeProcesses} cluster hold, asked the way nodes ask each other: the
 * P2P {@code has} query (docs/spec/cluster-transfer.md §4), signed (§3) with the key of a live
 * member. Lets the tests check redundancy and rebalancing against placement from outside the
 * processes, without reading logs.
 */
final class Holdings {
  private static final String HAS = "/ddc/p2p/v1/has";
  private static final int MAX_HAS = 4096;
  private static final HexFormat HEX = HexFormat.of();

  private final HttpClient http = NodeProcesses.http();
  private final KeyPair signer;
  private final String signerId;

  /** Queries signed as the member whose key is {@code signer}. */
  Holdings(KeyPair signer) {
    this.signer = signer;
    this.signerId = HEX.formatHex(signer.publicKey());
  }

  /** Which of {@code cids} the node listening for P2P on {@code p2pPort} holds, in order. */
  boolean[] held(int p2pPort, List<Cid> cids) throws Exception {
    boolean[] out = new boolean[cids.size()];
    for (int from = 0; from < cids.size(); from += MAX_HAS) {
      List<Cid> batch = cids.subList(from, Math.min(cids.size(), from + MAX_HAS));
      byte[] body = new byte[batch.size() * Cid.BINARY_LENGTH];
      for (int i = 0; i < batch.size(); i++) {
        System.arraycopy(batch.get(i).toBytes(), 0, body, i * Cid.BINARY_LENGTH, Cid.BINARY_LENGTH);
      }
      String digest = HEX.formatHex(Hashing.blake3_256(body));
      long now = System.currentTimeMillis();
      String signed = "DDC-P2P-1\nPOST\n" + HAS + "\n" + now + "\n" + signerId + "\n" + digest;
      byte[] sig = signer.sign(signed.getBytes(StandardCharsets.UTF_8));
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p2pPort + HAS))
                  .timeout(Duration.ofSeconds(30))
                  .header("x-ddc-node", signerId)
                  .header("x-ddc-time", Long.toString(now))
                  .header("x-ddc-body-blake3", digest)
                  .header("x-ddc-signature", HEX.formatHex(sig))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode())
          .as("has query to port %d: %s", p2pPort, new String(r.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      assertThat(r.body()).hasSize(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        out[from + i] = r.body()[i] == 1;
      }
    }
    return out;
  }

  /** The placement of {@code cid} over {@code holders} with {@code copies} copies. */
  static List<Node> placement(Cid cid, Collection<Node> holders, int copies) {
    List<PlacementNode> candidates = holders.stream().map(n -> PlacementNode.of(n.id())).toList();
    List<Node> out = new ArrayList<>();
    for (PlacementNode p : RendezvousPlacement.INSTANCE.place(cid, candidates, copies)) {
      holders.stream().filter(n -> n.id().equals(p.id())).findFirst().ifPresent(out::add);
    }
    return out;
  }

  /**
   * The copies placement asks of {@code holders} that are missing: "cid on node" strings, empty
   * when every piece is on each of its placement nodes.
   */
  List<String> missing(Collection<Node> holders, List<Cid> cids, int copies) throws Exception {
    List<String> out = new ArrayList<>();
    for (Node n : holders) {
      List<Cid> owed =
          cids.stream().filter(c -> placement(c, holders, copies).contains(n)).toList();
      boolean[] held = held(n.p2pPort(), owed);
      for (int i = 0; i < held.length; i++) {
        if (!held[i]) {
          out.add(owed.get(i) + " on " + n.id().substring(0, 8));
        }
      }
    }
    return out;
  }

  /**
   * The copies held by nodes of {@code holders} that placement no longer names for them: "cid on
   * node" strings.
   */
  List<String> surplus(Collection<Node> holders, List<Cid> cids, int copies) throws Exception {
    List<String> out = new ArrayList<>();
    for (Node n : holders) {
      List<Cid> notOwed =
          cids.stream().filter(c -> !placement(c, holders, copies).contains(n)).toList();
      boolean[] held = held(n.p2pPort(), notOwed);
      for (int i = 0; i < held.length; i++) {
        if (held[i]) {
          out.add(notOwed.get(i) + " on " + n.id().substring(0, 8));
        }
      }
    }
    return out;
  }
}
