package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.file.GetFileRequest;
import io.ddc.protocol.proto.file.GetFileResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** grpc-web over WebSocket (node-protocol.md §2.5), framed by hand like the browser transport. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcWebTest {
  @TempDir static Path dir;
  Vertx vertx;
  DdcNode node;
  WebSocketClient ws;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    String owner = TestKeys.ownerHex(TestKeys.ALICE);
    node =
        DdcNode.start(
                vertx,
                new NodeOptions()
                    .httpPort(0)
                    .grpcPort(0)
                    .dataDir(dir)
                    .storage(TestKeys.SMALL_STORE)
                    .buckets(List.of(new NodeOptions.StaticBucket(1, owner, true))))
            .await();
    // Browsers accept any message size; Vert.x's client defaults to 64 KiB frames.
    ws =
        vertx.createWebSocketClient(
            new io.vertx.core.http.WebSocketClientOptions()
                .setMaxFrameSize(16 << 20)
                .setMaxMessageSize(16 << 20));
  }

  @AfterAll
  void stop() {
    node.close().await();
    vertx.close().await();
  }

  /** Frames the node sent, in order: [flag, payload]; the call ends when the socket closes. */
  record Frame(int flag, Buffer payload) {
    String text() {
      return payload.toString(StandardCharsets.US_ASCII);
    }
  }

  static Buffer request(byte[] protobuf) {
    return Buffer.buffer()
        .appendByte((byte) 0)
        .appendByte((byte) 0)
        .appendInt(protobuf.length)
        .appendBytes(protobuf);
  }

  /**
   * Opens {@code /method}, sends the header block and message #1; once the node's header frame
   * arrives sends the rest and 0x01 (like the client, §2.4); collects frames until close.
   */
  List<Frame> call(String method, String token, List<byte[]> messages) {
    return call(method, token, messages, false);
  }

  List<Frame> call(String method, String token, List<byte[]> messages, boolean unary) {
    Promise<List<Frame>> done = Promise.promise();
    List<Frame> frames = new ArrayList<>();
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(node.httpPort())
            .setURI(method)
            .addSubProtocol("grpc-websockets");
    WebSocket socket = ws.connect(o).await();
    assertThat(socket.subProtocol()).isEqualTo("grpc-websockets");
    socket.binaryMessageHandler(
        m -> {
          frames.add(new Frame(m.getByte(0) & 0xff, m.getBuffer(5, m.length())));
          if (!unary && frames.size() == 1 && (m.getByte(0) & 0x80) != 0) {
            for (int i = 1; i < messages.size(); i++) {
              socket.writeBinaryMessage(request(messages.get(i)));
            }
            socket.writeBinaryMessage(Buffer.buffer(new byte[] {1}));
          }
        });
    socket.closeHandler(v -> done.tryComplete(frames));
    String headers =
        (token == null ? "" : "token: " + token + "\r\n")
            + "content-type: application/grpc-web+proto\r\nx-grpc-web: 1\r\n";
    socket.writeBinaryMessage(Buffer.buffer(headers, "US-ASCII"));
    socket.writeBinaryMessage(request(messages.get(0)));
    if (unary) {
      socket.writeBinaryMessage(Buffer.buffer(new byte[] {1}));
    }
    return done.future().await();
  }

  @Test
  void putRawPieceAndGetFileOverWebSocket() throws Exception {
    byte[] data = new byte[2_500_000];
    new Random(5).nextBytes(data);
    List<byte[]> put = new ArrayList<>();
    put.add(
        PutRawPieceRequest.newBuilder()
            .setMetadata(
                PutRawPieceRequest.Metadata.newBuilder().setBucketId(1).setSize(data.length))
            .build()
            .toByteArray());
    put.add(
        PutRawPieceRequest.newBuilder()
            .setContent(PutRawPieceRequest.Content.newBuilder().setData(ByteString.copyFrom(data)))
            .build()
            .toByteArray());
    List<Frame> frames =
        call("/file.FileApi/putRawPiece", TestKeys.defaultToken(TestKeys.ALICE), put);
    assertThat(frames).extracting(Frame::flag).containsExactly(0x80, 0x00, 0x80);
    assertThat(frames.get(0).text()).contains("content-type: application/grpc-web+proto");
    assertThat(frames.get(2).text()).startsWith("grpc-status: 0\r\n");
    byte[] cid =
        PutRawPieceResponse.parseFrom(frames.get(1).payload().getBytes()).getCid().toByteArray();
    assertThat(Cid.fromBytes(cid)).isEqualTo(Cid.compute(Cid.Codec.RAW, data));

    List<Frame> read =
        call(
            "/file.FileApi/getFile",
            null,
            List.of(
                GetFileRequest.newBuilder()
                    .setRequest(
                        GetFileRequest.Request.newBuilder()
                            .setBucketId(1)
                            .setCid(ByteString.copyFrom(cid)))
                    .build()
                    .toByteArray()));
    assertThat(read.get(0).flag()).isEqualTo(0x80);
    assertThat(read.get(read.size() - 1).text()).startsWith("grpc-status: 0");
    Buffer got = Buffer.buffer();
    for (Frame f : read.subList(1, read.size() - 1)) {
      assertThat(f.flag()).isZero();
      got.appendBuffer(
          Buffer.buffer(GetFileResponse.parseFrom(f.payload().getBytes()).getData().toByteArray()));
    }
    assertThat(got.getBytes()).isEqualTo(data);
  }

  @Test
  void refusalsAreOneTrailersOnlyFrame() {
    List<Frame> frames =
        call(
            "/dag.DagApi/Get",
            null,
            List.of(
                io.ddc.protocol.proto.dag.GetRequest.newBuilder()
                    .setBucketId(42)
                    .setCid(
                        ByteString.copyFrom(Cid.compute(Cid.Codec.DAG_NODE, new byte[0]).toBytes()))
                    .build()
                    .toByteArray()),
            true);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).flag()).isEqualTo(0x80);
    assertThat(frames.get(0).text())
        .contains("grpc-status: 5\r\n")
        .contains("grpc-message: no bucket 42");
  }
}
