package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DdcNodeTest {
  @TempDir Path dir;
  private Vertx vertx;
  private HttpClient client;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // One connection per request: a Vert.x client driven from the test thread loses answers on
    // kept-alive connections by itself (decision 0055; the server's side is GatewayKeepAliveTest).
    client =
        vertx.createHttpClient(
            new io.vertx.core.http.HttpClientOptions().setKeepAlive(false).setIdleTimeout(20));
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  /** A fully read response. */
  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private Reply get(int port, String path) {
    return client
        .request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(r -> r.send())
        .compose(r -> r.body().map(b -> new Reply(r.statusCode(), r.headers(), b)))
        .await();
  }

  /** A node on ephemeral ports in the test's directory. */
  private NodeOptions options() {
    return new NodeOptions().dataDir(dir).storage(TestKeys.SMALL_STORE).httpPort(0).grpcPort(0);
  }

  @Test
  void servesInfoAndHealthOnEphemeralPorts() {
    DdcNode node = DdcNode.start(vertx, options().mode(NodeOptions.Mode.CACHE)).await();
    assertThat(node.httpPort()).isPositive();
    assertThat(node.grpcPort()).isPositive().isNotEqualTo(node.httpPort());

    Reply info = get(node.httpPort(), "/info");
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.headers().get("access-control-allow-origin")).isEqualTo("*");
    assertThat(info.headers().get("content-type")).isEqualTo("application/json");
    JsonObject body = info.json();
    assertThat(body.getString("mode")).isEqualTo("Cache");
    assertThat(body.getString("nodeId")).isEqualTo(node.nodeId());
    assertThat(body.getString("version")).isNotBlank().isNotEqualTo("unknown");

    Reply health = get(node.httpPort(), "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("UP");

    assertThat(get(node.httpPort(), "/nothing-here").status()).isEqualTo(404);
    node.close().await();
  }

  @Test
  void nodeIdIsConfiguredOrTheNodeKeyOrTheGrpcUrl() {
    DdcNode node = DdcNode.start(vertx, options()).await();
    assertThat(node.nodeId()).isEqualTo("grpc://127.0.0.1:0");
    node.close().await();
    DdcNode keyed = DdcNode.start(vertx, options().peerSecretPhrase("//Alice")).await();
    assertThat(keyed.nodeId()).isEqualTo(TestKeys.ownerHex(TestKeys.ALICE));
    keyed.close().await();
    DdcNode named = DdcNode.start(vertx, options().nodeId("n-7")).await();
    assertThat(get(named.httpPort(), "/info").json().getString("nodeId")).isEqualTo("n-7");
    named.close().await();
  }

  @Test
  void aTakenPortFailsTheStartAndLeavesNothingRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      NodeOptions o = options().httpPort(taken.getLocalPort());
      assertThatThrownBy(() -> DdcNode.start(vertx, o).await()).isNotNull();
      assertThat(vertx.deploymentIDs()).isEmpty();
    }
  }

  @Test
  void serverInstancesSetHowManyServersShareThePorts() {
    NodeOptions o =
        options().httpPort(io.ddc.cluster.Ports.reserve()).grpcPort(io.ddc.cluster.Ports.reserve());
    DdcNode one = DdcNode.start(vertx, new NodeOptions(o).serverInstances(1)).await();
    int withOne = vertx.deploymentIDs().size();
    assertThat(get(one.httpPort(), "/health").status()).isEqualTo(200);
    one.close().await();
    DdcNode three = DdcNode.start(vertx, new NodeOptions(o).serverInstances(3)).await();
    // Two more instances of each server, HTTP and gRPC.
    assertThat(vertx.deploymentIDs().size()).isEqualTo(withOne + 4);
    for (int i = 0; i < 6; i++) {
      assertThat(get(three.httpPort(), "/health").status()).isEqualTo(200);
    }
    three.close().await();
    assertThat(vertx.deploymentIDs()).isEmpty();
    assertThatThrownBy(
            () -> NodeOptions.fromEnvironment(java.util.Map.of("SERVER_INSTANCES", "-1")))
        .hasMessage("SERVER_INSTANCES: server-instances must be in 0..64, -1 given");
    assertThat(
            NodeOptions.fromEnvironment(java.util.Map.of("SERVER_INSTANCES", "2"))
                .serverInstances())
        .isEqualTo(2);
    assertThat(new NodeOptions().serverInstances()).isZero();
    // 0 leaves it to the node: one per core but one, 1 to 4.
    assertThat(
            java.util.stream.IntStream.of(1, 2, 3, 4, 5, 8, 64)
                .map(DdcNode::defaultServerInstances)
                .toArray())
        .containsExactly(1, 1, 2, 3, 4, 4, 4);
  }

  @Test
  void invalidOptionsFailTheStart() {
    NodeOptions o = options().httpPort(7000).grpcPort(7000);
    assertThatThrownBy(() -> DdcNode.start(vertx, o).await())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }
}
