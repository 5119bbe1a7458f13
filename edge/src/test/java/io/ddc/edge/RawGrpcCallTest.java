package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * putRawPiece read off the raw HTTP/2 stream ({@link RawGrpcCall}), driven by a plain HTTP/2 client
 * that frames the body as a test wants it: many messages in one DATA frame, messages spanning
 * frames, broken framing, compression with and without a negotiated encoding, refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawGrpcCallTest {
  @TempDir static Path dir;
  Vertx vertx;
  DdcNode node;
  HttpClient http;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    node =
        DdcNode.start(
                vertx,
                new NodeOptions()
                    .httpPort(0)
                    .grpcPort(0)
                    .dataDir(dir)
                    .storage(TestKeys.SMALL_STORE)
                    .buckets(
                        List.of(new NodeOptions.StaticBucket(2, TestKeys.ownerHex(ALICE), false))))
            .await();
    http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
  }

  @AfterAll
  void stop() {
    http.close().await();
    node.close().await();
    vertx.close().await();
  }

  /** What came back: the response headers' and trailers' gRPC status, and the body. */
  record Outcome(String headerStatus, String trailerStatus, String message, Buffer body) {
    String status() {
      return headerStatus != null ? headerStatus : trailerStatus;
    }
  }

  static Buffer prefixed(byte[] message, boolean compressed) {
    return Buffer.buffer()
        .appendByte((byte) (compressed ? 1 : 0))
        .appendInt(message.length)
        .appendBytes(message);
  }

  static byte[] metadata(long size) {
    return PutRawPieceRequest.newBuilder()
        .setMetadata(PutRawPieceRequest.Metadata.newBuilder().setBucketId(2).setSize(size))
        .build()
        .toByteArray();
  }

  static byte[] content(byte[] data, int from, int to) {
    return PutRawPieceRequest.newBuilder()
        .setContent(
            PutRawPieceRequest.Content.newBuilder()
                .setData(ByteString.copyFrom(data, from, to - from)))
        .build()
        .toByteArray();
  }

  /**
   * Sends {@code first} as the first DATA, waits for the response headers as the official client
   * does, then sends {@code rest} in writes of the given sizes and half-closes.
   */
  Outcome call(
      String token, String encoding, Buffer first, Buffer rest, int[] writeSizes, boolean end) {
    RequestOptions ro =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(node.grpcPort())
            .setURI("/file.FileApi/putRawPiece");
    HttpClientRequest req = http.request(ro).await();
    req.setChunked(true).putHeader("content-type", "application/grpc").putHeader("te", "trailers");
    if (token != null) {
      req.putHeader("token", token);
    }
    if (encoding != null) {
      req.putHeader("grpc-encoding", encoding);
    }
    req.write(first);
    // the body is asked for as the headers arrive: a trailers-only response has ended by then
    io.vertx.core.Promise<HttpClientResponse> headers = io.vertx.core.Promise.promise();
    io.vertx.core.Future<Buffer> bodyFuture =
        req.response()
            .compose(
                r -> {
                  headers.complete(r);
                  return r.body();
                });
    HttpClientResponse resp = headers.future().await();
    String headerStatus = resp.getHeader("grpc-status");
    if (headerStatus == null) {
      int at = 0;
      int i = 0;
      while (at < rest.length()) {
        int n = Math.min(rest.length() - at, writeSizes[i++ % writeSizes.length]);
        req.write(rest.slice(at, at + n));
        at += n;
      }
      if (end) {
        req.end();
      } else {
        req.reset();
        try {
          bodyFuture.await();
        } catch (RuntimeException e) {
          return new Outcome(null, null, "reset: " + e, Buffer.buffer());
        }
      }
    } else {
      req.reset();
    }
    Buffer body = bodyFuture.await();
    String message = resp.getHeader("grpc-message");
    String trailerStatus = resp.trailers().get("grpc-status");
    if (trailerStatus != null) {
      message = resp.trailers().get("grpc-message");
    }
    return new Outcome(headerStatus, trailerStatus, message, body);
  }

  @Test
  void messagesBatchedInOneFrameOrSpanningFramesMakeTheSamePiece() {
    Random rnd = new Random(11);
    byte[] data = new byte[600_000];
    rnd.nextBytes(data);
    // 60 messages of 10 000 bytes: up to two in one 16 KiB DATA frame, others across two frames;
    // the node pauses the call for every message it stores, while the rest of a frame waits
    Buffer rest = Buffer.buffer();
    for (int at = 0; at < data.length; at += 10_000) {
      rest.appendBuffer(prefixed(content(data, at, at + 10_000), false));
    }
    Cid expected = Cid.compute(Cid.Codec.RAW, data);
    for (int[] writes : new int[][] {{rest.length()}, {1, 7, 5, 3}, {65_536, 3, 100_000}}) {
      Outcome o =
          call(
              TestKeys.defaultToken(ALICE),
              null,
              prefixed(metadata(data.length), false),
              rest,
              writes,
              true);
      assertThat(o.headerStatus()).as("headers were sent before the content").isNull();
      assertThat(o.trailerStatus()).isEqualTo("0");
      assertThat(o.body().getUnsignedInt(1)).isEqualTo(o.body().length() - 5L);
      PutRawPieceResponse r = parse(o.body().getBytes(5, o.body().length()));
      assertThat(Cid.fromBytes(r.getCid().toByteArray())).isEqualTo(expected);
    }
  }

  @Test
  void aRefusalBeforeTheHeadersIsATrailersOnlyResponse() {
    Outcome o =
        call(null, null, prefixed(metadata(10), false), Buffer.buffer(), new int[] {1}, true);
    assertThat(o.headerStatus()).isEqualTo("16"); // UNAUTHENTICATED, in the headers
    assertThat(o.trailerStatus()).isNull();
    assertThat(o.body().length()).isZero();
    assertThat(o.message()).isNotBlank();
  }

  @Test
  void aCompressedMessageWithoutAnEncodingIsInvalidArgument() {
    byte[] data = {1, 2, 3};
    Outcome o =
        call(
            TestKeys.defaultToken(ALICE),
            null,
            prefixed(metadata(3), false),
            prefixed(content(data, 0, 3), true),
            new int[] {100},
            true);
    assertThat(o.trailerStatus()).isEqualTo("3");
    assertThat(o.message()).contains("compressed");
  }

  @Test
  void aBodyEndingInsideAMessageIsInvalidArgument() {
    byte[] data = new byte[100];
    Buffer rest = prefixed(content(data, 0, 100), false);
    Outcome o =
        call(
            TestKeys.defaultToken(ALICE),
            null,
            prefixed(metadata(100), false),
            rest.slice(0, 50),
            new int[] {50},
            true);
    assertThat(o.trailerStatus()).isEqualTo("3");
    assertThat(o.message()).contains("ended inside a message");
  }

  @Test
  void aMessageOverTheLimitIsInvalidArgument() {
    Buffer prefixOnly =
        Buffer.buffer().appendByte((byte) 0).appendInt(new NodeOptions().maxMessageBytes() + 1);
    Outcome o =
        call(
            TestKeys.defaultToken(ALICE),
            null,
            prefixed(metadata(100), false),
            prefixOnly,
            new int[] {5},
            true);
    assertThat(o.trailerStatus()).isEqualTo("3");
    assertThat(o.message()).contains("exceeds the limit");
  }

  @Test
  void aGzipEncodedCallIsInflatedOnTheVertxGrpcPath() throws Exception {
    byte[] data = new byte[50_000];
    new Random(3).nextBytes(data);
    Outcome o =
        call(
            TestKeys.defaultToken(ALICE),
            "gzip",
            prefixed(gzip(metadata(data.length)), true),
            prefixed(gzip(content(data, 0, data.length)), true),
            new int[] {10_000},
            true);
    assertThat(o.trailerStatus()).isEqualTo("0");
    Buffer body = o.body();
    byte[] reply = body.getBytes(5, body.length());
    if (body.getByte(0) == 1) {
      reply = gunzip(reply);
    }
    assertThat(Cid.fromBytes(parse(reply).getCid().toByteArray()))
        .isEqualTo(Cid.compute(Cid.Codec.RAW, data));
  }

  @Test
  void theNodeKeepsServingAfterAClientResetsMidUpload() {
    byte[] data = new byte[200_000];
    List<Buffer> parts = new ArrayList<>();
    parts.add(prefixed(content(data, 0, 100_000), false));
    Outcome reset =
        call(
            TestKeys.defaultToken(ALICE),
            null,
            prefixed(metadata(data.length), false),
            parts.get(0),
            new int[] {30_000},
            false);
    assertThat(reset.trailerStatus()).isNull();
    messagesBatchedInOneFrameOrSpanningFramesMakeTheSamePiece();
  }

  private static PutRawPieceResponse parse(byte[] b) {
    try {
      return PutRawPieceResponse.parseFrom(b);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] gzip(byte[] b) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] b) throws java.io.IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }
}
