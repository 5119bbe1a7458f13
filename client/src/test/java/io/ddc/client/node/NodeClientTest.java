package io.ddc.client.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.auth.AuthTokenChain;
import io.ddc.protocol.auth.SignedBytes;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.auth.AuthToken;
import io.ddc.protocol.proto.common.Signature;
import io.ddc.protocol.proto.file.GetFileRequest;
import io.ddc.protocol.proto.file.GetFileResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a minimal gRPC peer that checks what a node checks on the wire: signatures of
 * the token and the activity request, upload message sizes, acknowledgements.
 */
class NodeClientTest {
  private static final ServiceName FILE = ServiceName.create("file", "FileApi");
  private final KeyPair alice = Keys.fromUri("//Alice", KeyScheme.SR25519);
  private final KeyPair bob = Keys.fromUri("//Bob", KeyScheme.ED25519);

  private Vertx vertx;
  private HttpServer server;
  private final List<Integer> uploadSizes = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> tokenSeen = new AtomicReference<>();
  private final AtomicReference<String> requestSeen = new AtomicReference<>();
  private final AtomicLong ackedBytes = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong badAcks = new AtomicLong();
  private final ByteArrayOutputStream stored = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    GrpcServer grpc =
        GrpcServer.server(
            vertx,
            new io.vertx.grpc.server.GrpcServerOptions().setMaxMessageSize(16 * 1024 * 1024));
    grpc.callHandler(
        ServiceMethod.<PutRawPieceRequest, PutRawPieceResponse>server(
            FILE,
            "putRawPiece",
            GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(PutRawPieceRequest.getDefaultInstance())),
        req -> {
          tokenSeen.set(req.headers().get("token"));
          requestSeen.set(req.headers().get("request"));
          boolean[] headersSent = {false};
          boolean[] refused = {false};
          boolean[] refuseOnContent = {false};
          req.handler(
              m -> {
                if (m.hasMetadata()) {
                  if (m.getMetadata().getBucketId() == 94) {
                    // refused before the headers: a trailers-only response
                    refused[0] = true;
                    req.response().status(GrpcStatus.PERMISSION_DENIED).statusMessage("no").end();
                    return;
                  }
                  req.response().writeHead(); // headers early, as a node must
                  headersSent[0] = true;
                  if (m.getMetadata().getBucketId() == 95) {
                    refused[0] = true; // refused once the first content arrives (below)
                    refuseOnContent[0] = true;
                  }
                  if (m.getMetadata().getBucketId() == 98) {
                    // refused after the headers: the status goes in the trailers
                    refused[0] = true;
                    req.response()
                        .status(GrpcStatus.RESOURCE_EXHAUSTED)
                        .statusMessage("storage full: disk full: 100% used")
                        .end();
                  }
                } else if (refuseOnContent[0]) {
                  refuseOnContent[0] = false;
                  req.response()
                      .status(GrpcStatus.RESOURCE_EXHAUSTED)
                      .statusMessage("storage full after the first part")
                      .end();
                } else if (!refused[0]) {
                  assertThat(headersSent[0]).isTrue();
                  uploadSizes.add(m.getContent().getData().size());
                  stored.writeBytes(m.getContent().getData().toByteArray());
                }
              });
          req.endHandler(
              v -> {
                if (refused[0]) {
                  return;
                }
                byte[] all = stored.toByteArray();
                req.response()
                    .end(
                        PutRawPieceResponse.newBuilder()
                            .setCid(ByteString.copyFrom(Cid.compute(Cid.Codec.RAW, all).toBytes()))
                            .build());
              });
        });
    grpc.callHandler(
        ServiceMethod.<GetFileRequest, GetFileResponse>server(
            FILE,
            "getFile",
            GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(GetFileRequest.getDefaultInstance())),
        req -> {
          tokenSeen.set(req.headers().get("token"));
          requestSeen.set(req.headers().get("request"));
          req.handler(
              m -> {
                if (m.hasRequest()) {
                  if (m.getRequest().getBucketId() == 99) {
                    req.response().status(GrpcStatus.NOT_FOUND).statusMessage("no bucket 99").end();
                    return;
                  }
                  if (m.getRequest().getBucketId() == 97 || m.getRequest().getBucketId() == 96) {
                    // fails after a data message: a status in the trailers, or a reset stream
                    req.response()
                        .write(
                            GetFileResponse.newBuilder()
                                .setData(ByteString.copyFrom(new byte[70_000]))
                                .build());
                    if (m.getRequest().getBucketId() == 97) {
                      req.response()
                          .status(GrpcStatus.UNAVAILABLE)
                          .statusMessage("draining: 100% of reads moved, café")
                          .end();
                    } else {
                      vertx.setTimer(50, t -> req.response().cancel());
                    }
                    return;
                  }
                  byte[] all = stored.toByteArray();
                  int from =
                      m.getRequest().hasRange() ? (int) m.getRequest().getRange().getStart() : 0;
                  int to =
                      m.getRequest().hasRange()
                          ? (int) m.getRequest().getRange().getEnd() + 1
                          : all.length;
                  for (int off = from; off < to; off += 65536) {
                    int n = Math.min(65536, to - off);
                    req.response()
                        .write(
                            GetFileResponse.newBuilder()
                                .setData(ByteString.copyFrom(all, off, n))
                                .build());
                  }
                  req.response().end();
                } else if (m.hasAck()) {
                  byte[] raw = m.getAck().toByteArray();
                  Signature s = m.getAck().getSignature();
                  if (!Signatures.verify(
                      s.getAlgorithm() == Signature.Algorithm.SR_25519
                          ? KeyScheme.SR25519
                          : KeyScheme.ED25519,
                      s.getSigner().toByteArray(),
                      SignedBytes.withoutField(raw, SignedBytes.ACK_SIGNATURE),
                      s.getValue().toByteArray())) {
                    badAcks.incrementAndGet();
                  }
                  acks.incrementAndGet();
                  ackedBytes.accumulateAndGet(m.getAck().getBytesStoredOrDelivered(), Math::max);
                }
              });
        });
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1"))
            .requestHandler(grpc)
            .listen()
            .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private NodeClient client(NodeClientOptions o) {
    return NodeClient.create(vertx, "grpc://127.0.0.1:" + server.actualPort(), o);
  }

  private static void assertTokenSignedBy(String base58, KeyPair key) {
    AuthTokenChain chain = AuthTokenChain.fromBase58(base58);
    for (AuthTokenChain.Token t : chain.tokens()) {
      assertThat(
              Signatures.verify(
                  t.signature().getAlgorithm() == Signature.Algorithm.SR_25519
                      ? KeyScheme.SR25519
                      : KeyScheme.ED25519,
                  t.signature().getSigner().toByteArray(),
                  t.signedMessage(),
                  t.signature().getValue().toByteArray()))
          .as("token signature")
          .isTrue();
    }
    assertThat(chain.outermost().signature().getSigner().toByteArray()).isEqualTo(key.publicKey());
  }

  @Test
  void uploadsInOfficialChunksWithSignedTokenAndActivityThenDownloadsWithAcks() throws Exception {
    byte[] content = new byte[9 * 1024 * 1024 + 17];
    new Random(7).nextBytes(content);
    NodeClient c = client(new NodeClientOptions().signer(alice));

    Cid cid = c.putRawPiece(1, Buffer.buffer(content), "corr-1").await(30, TimeUnit.SECONDS);

    assertThat(cid).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
    assertThat(uploadSizes).containsExactly(4_091_904, 4_091_904, content.length - 2 * 4_091_904);
    assertTokenSignedBy(tokenSeen.get(), alice);
    byte[] req = Base64.getDecoder().decode(requestSeen.get());
    ActivityRequest ar = ActivityRequest.parseFrom(req);
    assertThat(ar.getRequestType()).isEqualTo(ActivityRequest.RequestType.REQUEST_TYPE_STORE);
    assertThat(ar.getSize()).isEqualTo(content.length);
    assertThat(
            Signatures.verify(
                KeyScheme.SR25519,
                alice.publicKey(),
                SignedBytes.withoutField(req, SignedBytes.ACTIVITY_REQUEST_SIGNATURE),
                ar.getSignature().getValue().toByteArray()))
        .isTrue();

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    long n =
        c.getFile(1, cid, 1000, 299_999, b -> got.writeBytes(b.getBytes()), "corr-2")
            .await(30, TimeUnit.SECONDS);
    assertThat(n).isEqualTo(299_000);
    assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 300_000));
    ActivityRequest get = ActivityRequest.parseFrom(Base64.getDecoder().decode(requestSeen.get()));
    assertThat(get.getOffset()).isEqualTo(1000);
    assertThat(get.getSize()).isEqualTo(299_000);
    assertThat(get.getId().toByteArray()).isEqualTo(cid.toBytes());
    // Acks trail the stream; wait briefly for the last one.
    long deadline = System.currentTimeMillis() + 5000;
    while (ackedBytes.get() < 299_000 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ackedBytes.get()).isEqualTo(299_000);
    assertThat(acks.get()).as("one ack per data message").isEqualTo(5);
    assertThat(badAcks.get()).isZero();
  }

  /** Hands its buffers over one by one while resumed, as a file or socket stream would. */
  private static final class ListSource implements io.vertx.core.streams.ReadStream<Buffer> {
    private final java.util.ArrayDeque<Buffer> left;
    private io.vertx.core.Handler<Buffer> handler;
    private io.vertx.core.Handler<Void> end;
    private boolean paused = true;

    ListSource(List<Buffer> buffers) {
      left = new java.util.ArrayDeque<>(buffers);
    }

    int remaining() {
      return left.size();
    }

    @Override
    public ListSource exceptionHandler(io.vertx.core.Handler<Throwable> h) {
      return this;
    }

    @Override
    public ListSource handler(io.vertx.core.Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ListSource pause() {
      paused = true;
      return this;
    }

    @Override
    public ListSource resume() {
      paused = false;
      while (!paused && !left.isEmpty()) {
        handler.handle(left.pollFirst());
      }
      if (left.isEmpty() && end != null) {
        io.vertx.core.Handler<Void> e = end;
        end = null;
        e.handle(null);
      }
      return this;
    }

    @Override
    public ListSource fetch(long amount) {
      return resume();
    }

    @Override
    public ListSource endHandler(io.vertx.core.Handler<Void> h) {
      end = h;
      return this;
    }
  }

  @Test
  void aStreamOfOddSizedBuffersIsUploadedInOfficialChunksByteForByte() throws Exception {
    byte[] content = new byte[9 * 1024 * 1024 + 4321];
    new Random(11).nextBytes(content);
    Random sizes = new Random(12);
    List<Buffer> buffers = new java.util.ArrayList<>();
    for (int off = 0; off < content.length; ) {
      int n =
          Math.min(content.length - off, 1 + sizes.nextInt(sizes.nextBoolean() ? 9000 : 3_000_000));
      buffers.add(Buffer.buffer(java.util.Arrays.copyOfRange(content, off, off + n)));
      off += n;
    }
    NodeClient c = client(new NodeClientOptions().signer(alice));
    Cid cid =
        c.putRawPiece(1, new ListSource(buffers), content.length, null, "corr-s")
            .await(30, TimeUnit.SECONDS);
    assertThat(cid).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
    assertThat(stored.toByteArray()).isEqualTo(content);
    assertThat(uploadSizes).containsExactly(4_091_904, 4_091_904, content.length - 2 * 4_091_904);
  }

  @Test
  void theDefaultTokenIsSignedOnceAndRenewedAfterHalfItsLife() throws Exception {
    Instant start = Instant.parse("2026-11-30T00:00:00Z");
    java.util.concurrent.atomic.AtomicReference<Instant> now = new AtomicReference<>(start);
    java.time.Clock clock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    NodeClient c = client(new NodeClientOptions().signer(alice).clock(clock));
    c.putRawPiece(1, Buffer.buffer("one"), null).await(30, TimeUnit.SECONDS);
    String first = tokenSeen.get();
    now.set(start.plus(AuthTokens.DEFAULT_TTL.dividedBy(2)));
    c.putRawPiece(1, Buffer.buffer("two"), null).await(30, TimeUnit.SECONDS);
    assertThat(tokenSeen.get()).as("same token within half its life").isEqualTo(first);
    now.set(start.plus(AuthTokens.DEFAULT_TTL.dividedBy(2)).plusSeconds(1));
    c.putRawPiece(1, Buffer.buffer("three"), null).await(30, TimeUnit.SECONDS);
    String renewed = tokenSeen.get();
    assertThat(renewed).isNotEqualTo(first);
    assertTokenSignedBy(renewed, alice);
    assertThat(AuthTokenChain.fromBase58(renewed).outermost().payload().getExpiresAt())
        .isEqualTo(
            start
                .plus(AuthTokens.DEFAULT_TTL.dividedBy(2))
                .plusSeconds(1)
                .plus(AuthTokens.DEFAULT_TTL)
                .toEpochMilli());
  }

  @Test
  void bearerTokenIsSentUnchangedAndNodeStatusesSurface() throws Exception {
    AuthToken bearer =
        AuthTokens.bearer(alice, 2, List.of(Operation.GET), null, Instant.now().plusSeconds(600));
    NodeClient c = client(new NodeClientOptions().signer(bob).accessToken(bearer));
    stored.writeBytes("hello".getBytes());
    Cid cid = Cid.compute(Cid.Codec.RAW, "hello".getBytes());
    c.getFile(2, cid, -1, -1, b -> {}, null).await(30, TimeUnit.SECONDS);
    assertThat(tokenSeen.get()).isEqualTo(AuthTokens.toBase58(bearer));
    assertThat(badAcks.get()).as("ed25519 acks verify").isZero();
    assertTokenSignedBy(tokenSeen.get(), alice);

    assertThatThrownBy(() -> c.getFile(99, cid, -1, -1, b -> {}, null).await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            NodeCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(5);
              assertThat(e.getMessage()).contains("no bucket 99");
              assertThat(e.retryable()).isFalse();
            });
    assertThatThrownBy(
            () -> c.putRawPiece(98, Buffer.buffer("x"), null).await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            NodeCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(8);
              assertThat(e.getMessage()).contains("storage full: disk full: 100% used");
              assertThat(e.retryable()).isTrue();
            });
  }

  @Test
  void anUploadRefusedBeforeOrDuringTheStreamCarriesTheStatusAndStopsReadingTheSource()
      throws Exception {
    NodeClient c = client(new NodeClientOptions().signer(alice));
    assertThatThrownBy(
            () -> c.putRawPiece(94, Buffer.buffer("x"), null).await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            NodeCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(7);
              assertThat(e.retryable()).isFalse();
            });
    assertThat(uploadSizes).isEmpty();
    // 128 MiB offered; the node refuses after the first 4 MiB message
    Buffer mib = Buffer.buffer(new byte[1 << 20]);
    List<Buffer> many = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      many.add(mib);
    }
    ListSource source = new ListSource(many);
    assertThatThrownBy(
            () -> c.putRawPiece(95, source, 128L << 20, null, "corr-r").await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            NodeCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(8);
              assertThat(e.getMessage()).contains("storage full after the first part");
            });
    // the call ends with the node's status rather than after the whole stream was read
    assertThat(source.remaining()).as("buffers never read").isPositive();
  }

  @Test
  void aDownloadThatFailsAfterItsFirstDataCarriesTheNodesStatusOrTheReset() throws Exception {
    NodeClient c = client(new NodeClientOptions().signer(bob));
    Cid cid = Cid.compute(Cid.Codec.RAW, "x".getBytes());
    AtomicLong got = new AtomicLong();
    assertThatThrownBy(
            () ->
                c.getFile(97, cid, -1, -1, b -> got.addAndGet(b.length()), null)
                    .await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            NodeCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(14);
              assertThat(e.getMessage()).contains("draining: 100% of reads moved, café");
            });
    assertThat(got.get()).as("the data before the failure was handed over").isEqualTo(70_000);
    assertThatThrownBy(() -> c.getFile(96, cid, -1, -1, b -> {}, null).await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            NodeCallException.class, e -> assertThat(e.getMessage()).contains("stream reset"));
  }

  @Test
  void percentEncodedStatusMessagesDecode() {
    assertThat(NodeClient.percentDecoded("storage%20full%3A%20100%25 used, caf%C3%A9 + 1 %2"))
        .isEqualTo("storage full: 100% used, café + 1 %2");
  }

  @Test
  void delegatedTokenChainsToTheOwnerAndUnreachableNodeIsRetryable() throws Exception {
    AuthToken grant =
        AuthTokens.grant(
            alice, bob.publicKey(), 2, List.of(Operation.PUT), Instant.now().plusSeconds(600));
    AuthToken wrapped = AuthTokens.wrap(bob, grant);
    AuthTokenChain chain = AuthTokenChain.parse(wrapped.toByteArray());
    assertThat(chain.tokens()).hasSize(2);
    assertThat(chain.root().signature().getSigner().toByteArray()).isEqualTo(alice.publicKey());
    assertTokenSignedBy(AuthTokens.toBase58(wrapped), bob);
    assertThat(AuthTokens.fromBase58(AuthTokens.toBase58(wrapped))).isEqualTo(wrapped);

    NodeClient dead = NodeClient.create(vertx, "grpc://127.0.0.1:1", new NodeClientOptions());
    assertThatThrownBy(
            () -> dead.putRawPiece(1, Buffer.buffer("x"), null).await(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(NodeCallException.class, e -> assertThat(e.retryable()).isTrue());
    assertThatThrownBy(() -> NodeClient.create(vertx, "http://x:1", new NodeClientOptions()))
        .hasMessageContaining("grpc://host:port");
  }

  @Test
  void sdkRefusesContentThatDoesNotMatchItsCid() throws Exception {
    stored.writeBytes("the node's bytes".getBytes());
    Cid asked = Cid.compute(Cid.Codec.RAW, "other bytes".getBytes());
    Cid honest = Cid.compute(Cid.Codec.RAW, "the node's bytes".getBytes());
    try (io.ddc.client.DdcClient c =
        io.ddc.client.DdcClient.create(
            vertx,
            new io.ddc.client.DdcClientOptions()
                .nodes(List.of("grpc://127.0.0.1:" + server.actualPort()))
                .call(new NodeClientOptions().signer(alice)))) {
      assertThatThrownBy(() -> c.readBytes(1, asked.toString(), -1, -1).await(30, TimeUnit.SECONDS))
          .isInstanceOf(io.ddc.client.ContentMismatchException.class)
          .hasMessageContaining(asked.toString());
      assertThat(c.readBytes(1, honest.toString(), -1, -1).await(30, TimeUnit.SECONDS).toString())
          .isEqualTo("the node's bytes");
    }
  }
}
