package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose disk is below its free-space reserve refuses an upload with {@code
 * RESOURCE_EXHAUSTED} (a status the official client retries on another node) and says why in {@code
 * grpc-message} (node-protocol.md §9.3). The refusal comes after the response headers, so both go
 * in the trailers; read here from the raw HTTP/2 response.
 */
class StorageFullTest {
  @TempDir Path dir;

  @Test
  void aFullNodeRefusesUploadsAndSaysWhy() {
    Vertx vertx = Vertx.vertx();
    try {
      DdcNode node =
          DdcNode.start(
                  vertx,
                  TestKeys.testNode(dir)
                      .storage(
                          new io.ddc.storage.StoreOptions(TestKeys.SMALL_STORE)
                              .minFreeDiskBytes(Long.MAX_VALUE / 4))
                      .buckets(
                          List.of(new NodeOptions.StaticBucket(1, TestKeys.ownerHex(ALICE), true))))
              .await();
      try {
        List<Buffer> msgs = new java.util.ArrayList<>();
        Buffer body = Buffer.buffer();
        for (PutRawPieceRequest m :
            List.of(
                PutRawPieceRequest.newBuilder()
                    .setMetadata(
                        PutRawPieceRequest.Metadata.newBuilder().setBucketId(1).setSize(100_000))
                    .build(),
                PutRawPieceRequest.newBuilder()
                    .setContent(
                        PutRawPieceRequest.Content.newBuilder()
                            .setData(ByteString.copyFrom(new byte[100_000])))
                    .build())) {
          byte[] bytes = m.toByteArray();
          msgs.add(Buffer.buffer(bytes));
          body.appendByte((byte) 0).appendInt(bytes.length).appendBytes(bytes);
        }
        var client =
            vertx.createHttpClient(
                new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false));
        HttpClientResponse resp =
            client
                .request(HttpMethod.POST, node.grpcPort(), "127.0.0.1", "/file.FileApi/putRawPiece")
                .compose(
                    req ->
                        req.putHeader("content-type", "application/grpc")
                            .putHeader("te", "trailers")
                            .putHeader("correlation-id", UUID.randomUUID().toString())
                            .putHeader("token", TestKeys.defaultToken(ALICE))
                            .send(body))
                .compose(r -> r.body().map(b -> r))
                .await();
        assertThat(resp.trailers().get("grpc-status")).isEqualTo("8"); // RESOURCE_EXHAUSTED
        assertThat(GrpcTestClient.percentDecoded(resp.trailers().get("grpc-message")))
            .startsWith("storage full: disk full: ")
            .contains("bytes usable");
        client.close().await();
        // the tests' gRPC client reads the message from the trailers too
        GrpcTestClient.Reply reply =
            new GrpcTestClient(vertx, node.grpcPort())
                .call(
                    "/file.FileApi/putRawPiece",
                    java.util.Map.of(
                        "correlation-id",
                        UUID.randomUUID().toString(),
                        "token",
                        TestKeys.defaultToken(ALICE)),
                    msgs);
        assertThat(reply.status()).isEqualTo(io.vertx.grpc.common.GrpcStatus.RESOURCE_EXHAUSTED);
        assertThat(reply.message()).startsWith("storage full: disk full: ");
      } finally {
        node.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
