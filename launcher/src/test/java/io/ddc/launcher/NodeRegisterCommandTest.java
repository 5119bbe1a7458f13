package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.ddc.DdcChain;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddc node register} against the dev chain: registers once, then says it is registered. */
class NodeRegisterCommandTest {
  @TempDir Path dir;

  private static String run(Map<String, String> env, String provider, String manager)
      throws Exception {
    NodeRegisterCommand c = new NodeRegisterCommand();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    c.env = env;
    c.out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    c.bond = "200CERE";
    c.provider = provider;
    c.manager = manager;
    assertThat(c.call()).isZero();
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(180)
  void registersCreatesBondsStoresAddsThenIsIdempotent() throws Exception {
    try (DevnetChain chain = DevnetChain.start(0, dir.resolve("chain"))) {
      KeyPair root = Devnet.rootKey();
      chain.bootstrap(root, List.of(), line -> {});
      Map<String, String> env =
          Map.of(
              "BLOCKCHAIN_URL", chain.wsUrl(),
              "PEER_SECRET_PHRASE", "//registered-node",
              "CLUSTER_ID", "0x0000000000000000000000000000000000000001",
              "HTTP_PORT", "8199",
              "GRPC_PORT", "9199",
              "MODE", "storage");
      String first = run(env, "//Charlie", "//Alice");
      assertThat(first)
          .contains("created node")
          .contains("bonded 200 CERE")
          .contains("added to cluster");
      byte[] key = Keys.fromUri("//registered-node", KeyScheme.ED25519).publicKey();
      List<DdcChain.StorageNode> nodes = chain.ddc().nodesOfCluster(DevnetChain.CLUSTER).join();
      assertThat(nodes).hasSize(1);
      assertThat(nodes.get(0).pubKey()).isEqualTo(key);
      assertThat(nodes.get(0).params().mode()).isEqualTo(DdcChain.NodeMode.STORAGE);
      assertThat(nodes.get(0).params().grpcPort()).isEqualTo(9199);

      assertThat(run(env, "//Charlie", "//Alice")).startsWith("already registered");

      assertThatThrownBy(() -> run(Map.of("PEER_SECRET_PHRASE", "//x"), "//Charlie", null))
          .hasMessageContaining("BLOCKCHAIN_URL");
    }
  }
}
