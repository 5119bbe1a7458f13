package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.cns.GetRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.grpc.common.GrpcStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Buckets of indebted owners are refused over gRPC and the gateway, above the threshold only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DebtPolicyTest {
  static final String CLUSTER = NodeOptions.DEFAULT_CLUSTER_ID;

  /** A registry that knows one public bucket and a settable debt of its owner. */
  static final class Registry implements BucketRegistry, DebtSource {
    final AtomicReference<BigInteger> debt = new AtomicReference<>(BigInteger.ZERO);
    final byte[] owner = TestKeys.ALICE.publicKey();

    @Override
    public Future<Optional<Bucket>> bucket(long id) {
      return Future.succeededFuture(
          id == 7 ? Optional.of(new Bucket(7, owner, CLUSTER, true)) : Optional.empty());
    }

    @Override
    public Future<BigInteger> debt(String clusterId, byte[] who) {
      return Future.succeededFuture(
          clusterId.equals(CLUSTER) && java.util.Arrays.equals(who, owner)
              ? debt.get()
              : BigInteger.ZERO);
    }
  }

  @TempDir static Path dir;
  Vertx vertx;
  Registry registry = new Registry();
  DdcNode node;
  GrpcTestClient grpc;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    node =
        DdcNode.start(vertx, TestKeys.testNode(dir).debtThreshold(BigInteger.TEN), registry)
            .await();
    grpc = new GrpcTestClient(vertx, node.grpcPort());
  }

  @AfterAll
  void stop() {
    node.close().await();
    vertx.close().await();
  }

  GrpcTestClient.Reply cnsGet() {
    return grpc.call(
        "/cns.CnsApi/Get",
        Map.of(),
        List.of(
            Buffer.buffer(
                GetRequest.newBuilder().setBucketId(7).setName("home").build().toByteArray())));
  }

  int gateway() {
    HttpClient c = vertx.createHttpClient();
    try {
      return c.request(
              HttpMethod.GET,
              node.httpPort(),
              "127.0.0.1",
              "/7/" + Cid.compute(Cid.Codec.RAW, new byte[] {1}))
          .compose(r -> r.send())
          .map(r -> r.statusCode())
          .await();
    } finally {
      c.close();
    }
  }

  @Test
  void aDebtAboveTheThresholdRefusesTheBucketWithAMessageNamingIt() {
    registry.debt.set(BigInteger.TEN);
    // at the threshold: served (an unknown name and CID, but no refusal)
    assertThat(cnsGet().status()).isEqualTo(GrpcStatus.OK);
    assertThat(gateway()).isEqualTo(404);

    registry.debt.set(BigInteger.valueOf(11));
    GrpcTestClient.Reply refused = cnsGet();
    assertThat(refused.status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
    assertThat(refused.message()).contains("debt of 11").contains(CLUSTER);
    assertThat(gateway()).isEqualTo(403);

    registry.debt.set(BigInteger.ZERO);
    assertThat(cnsGet().status()).isEqualTo(GrpcStatus.OK);
  }
}
