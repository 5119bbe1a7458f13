package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ExtrinsicFailedException;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ddc cluster create|show|remove-node} against a dev chain, as a cluster manager runs them.
 */
class ClusterCommandTest {
  private static final String ID = "0x00000000000000000000000000000000000000c2";

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ClusterCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(new DdcCommand.OneLineErrors());
    int exit = cl.execute(args);
    return new Result(exit, out.toString().trim(), err.toString().trim());
  }

  @Test
  @Timeout(180)
  void createsBondsShowsRegistersAndRemovesNodes() throws Exception {
    try (DevnetChain chain = DevnetChain.start(0, dir.resolve("chain"))) {
      String url = chain.wsUrl();
      Result created =
          run(
              "create",
              ID,
              "--chain",
              url,
              "--manager",
              "//Alice",
              "--reserve",
              "//Bob",
              "--replication",
              "3",
              "--erasure",
              "2/3",
              "--price-get",
              "7",
              "--treasury-share",
              "1%",
              "--json");
      assertThat(created.exit()).as(created.err()).isZero();
      JsonObject c = new JsonObject(created.out());
      assertThat(c.getString("result")).isEqualTo("created");
      assertThat(c.getBoolean("bonded_now")).isTrue();
      assertThat(c.getString("status")).isEqualTo("Bonded");
      String bob =
          "0x" + HexFormat.of().formatHex(Keys.fromUri("//Bob", KeyScheme.SR25519).publicKey());
      assertThat(c.getString("reserve")).isEqualTo(bob);

      Result again =
          run("create", ID, "--chain", url, "--manager", "//Alice", "--reserve", "//Bob");
      assertThat(again.exit()).isZero();
      assertThat(again.out()).contains("already exists").doesNotContain("bonded");

      Result wrongManager = run("create", ID, "--chain", url, "--manager", "//Charlie");
      assertThat(wrongManager.exit()).isNotZero();
      assertThat(wrongManager.err()).contains("exists with another manager");

      NodeRegisterCommand register = new NodeRegisterCommand();
      register.env =
          Map.of(
              "BLOCKCHAIN_URL", url,
              "PEER_SECRET_PHRASE", "//cluster-command-node",
              "CLUSTER_ID", ID,
              "HOST", "198.18.0.12",
              "HTTP_PORT", "8199",
              "GRPC_PORT", "9199",
              "P2P_PORT", "9179",
              "MODE", "full");
      register.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      register.bond = "100CERE";
      register.provider = "//Charlie";
      register.manager = "//Alice";
      assertThat(register.call()).isZero();
      String node =
          "0x"
              + HexFormat.of()
                  .formatHex(Keys.fromUri("//cluster-command-node", KeyScheme.ED25519).publicKey());

      JsonObject shown = new JsonObject(run("show", ID, "--chain", url, "--json").out());
      JsonArray nodes = shown.getJsonArray("nodes");
      assertThat(nodes).hasSize(1);
      assertThat(nodes.getJsonObject(0).getString("node")).isEqualTo(node);
      assertThat(nodes.getJsonObject(0).getString("mode")).isEqualTo("full");
      assertThat(nodes.getJsonObject(0).getString("host")).isEqualTo("198.18.0.12");
      assertThat(nodes.getJsonObject(0).getInteger("p2p_port")).isEqualTo(9179);
      assertThat(run("show", ID, "--chain", url).out()).contains("198.18.0.12").contains("Bonded");

      Result removed = run("remove-node", ID, node, "--chain", url, "--manager", "//Alice");
      assertThat(removed.exit()).as(removed.err()).isZero();
      assertThat(removed.out()).contains("removed from cluster");
      assertThat(
              new JsonObject(run("show", ID, "--chain", url, "--json").out()).getJsonArray("nodes"))
          .isEmpty();
      assertThat(run("remove-node", ID, node, "--chain", url, "--manager", "//Alice").out())
          .contains("is not in cluster");

      Result unknown = run("show", "0x00000000000000000000000000000000000000c3", "--chain", url);
      assertThat(unknown.exit()).isNotZero();
      assertThat(unknown.err()).contains("no cluster 0x00000000000000000000000000000000000000c3");
      Result badId = run("show", "0x12", "--chain", url);
      assertThat(badId.err()).contains("40 hex digits");
    }
  }

  @Test
  void toleratesOnlyTheNamedErrorsNotTheirDocs() {
    assertThat(ClusterCommand.tolerate(() -> {}, "AlreadyBonded")).isTrue();
    assertThat(
            ClusterCommand.tolerate(
                () -> {
                  throw refused("AlreadyBonded", "The stash is already bonded.");
                },
                "AlreadyBonded"))
        .isFalse();
    // another error whose doc happens to name a tolerated one is still a failure
    assertThatThrownBy(
            () ->
                ClusterCommand.tolerate(
                    () -> {
                      throw refused(
                          "AlreadyPaired", "Not AlreadyBonded: the controller is paired.");
                    },
                    "AlreadyBonded"))
        .isInstanceOf(CompletionException.class)
        .hasRootCauseInstanceOf(ExtrinsicFailedException.class);
  }

  private static CompletionException refused(String error, String doc) {
    return new CompletionException(
        new ExtrinsicFailedException("DdcStaking", error, doc, "0x" + "ab".repeat(32)));
  }
}
