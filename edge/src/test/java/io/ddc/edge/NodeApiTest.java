package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static io.ddc.edge.TestKeys.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.cns.GetResponse;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.file.GetFileRequest;
import io.ddc.protocol.proto.file.GetFileResponse;
import io.ddc.protocol.proto.file.PutMultiPartPieceRequest;
import io.ddc.protocol.proto.file.PutMultiPartPieceResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seven RPCs over native gRPC against a node on a real segment store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeApiTest {
  static final int CONTENT_CHUNK = 4_091_904;

  @TempDir static Path dir;
  Vertx vertx;
  DdcNode node;
  GrpcTestClient grpc;

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
                    .quotaCapacity(8L << 20)
                    .buckets(
                        List.of(
                            new NodeOptions.StaticBucket(1, TestKeys.ownerHex(ALICE), true),
                            new NodeOptions.StaticBucket(2, TestKeys.ownerHex(ALICE), false))))
            .await();
    grpc = new GrpcTestClient(vertx, node.grpcPort());
  }

  @AfterAll
  void stop() {
    node.close().await();
    vertx.close().await();
  }

  /**
   * The gRPC port grants an upload window of {@link GrpcEdgeVerticle#STREAM_WINDOW} per stream and
   * {@link GrpcEdgeVerticle#CONNECTION_WINDOW} per connection instead of HTTP/2's 64 KiB.
   */
  @Test
  void grpcPortAdvertisesLargeReceiveWindows() {
    var client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    try {
      HttpConnection conn =
          client
              .request(HttpMethod.POST, node.grpcPort(), "127.0.0.1", "/file.FileApi/none")
              .map(req -> req.connection())
              .await();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (conn.remoteSettings().getInitialWindowSize() == 65_535
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(conn.remoteSettings().getInitialWindowSize())
          .isEqualTo(GrpcEdgeVerticle.STREAM_WINDOW);
    } finally {
      client.close().await();
    }
  }

  static Map<String, String> md(String token) {
    Map<String, String> m = new HashMap<>();
    m.put("correlation-id", UUID.randomUUID().toString());
    if (token != null) {
      m.put("token", token);
    }
    return m;
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  GrpcTestClient.Reply put(long bucket, String token, byte[] data, boolean multipart, long offset) {
    PutRawPieceRequest.Metadata.Builder meta =
        PutRawPieceRequest.Metadata.newBuilder().setBucketId(bucket).setSize(data.length);
    if (multipart) {
      meta.setIsMultipart(true).setOffset(offset);
    }
    List<Buffer> msgs = new ArrayList<>();
    msgs.add(
        Buffer.buffer(PutRawPieceRequest.newBuilder().setMetadata(meta).build().toByteArray()));
    msgs.addAll(contentMessages(data));
    return grpc.call("/file.FileApi/putRawPiece", md(token), msgs);
  }

  /** The content messages of a putRawPiece call, {@link #CONTENT_CHUNK} bytes each. */
  static List<Buffer> contentMessages(byte[] data) {
    List<Buffer> out = new ArrayList<>();
    for (int off = 0; off < data.length; off += CONTENT_CHUNK) {
      int n = Math.min(CONTENT_CHUNK, data.length - off);
      out.add(
          Buffer.buffer(
              PutRawPieceRequest.newBuilder()
                  .setContent(
                      PutRawPieceRequest.Content.newBuilder()
                          .setData(ByteString.copyFrom(data, off, n)))
                  .build()
                  .toByteArray()));
    }
    return out;
  }

  byte[] putOk(long bucket, byte[] data) {
    GrpcTestClient.Reply r = put(bucket, TestKeys.defaultToken(ALICE), data, false, 0);
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    return parse(r).getCid().toByteArray();
  }

  static PutRawPieceResponse parse(GrpcTestClient.Reply r) {
    try {
      return PutRawPieceResponse.parseFrom(r.single().getBytes());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Reads a piece; with acks, acknowledges each data message like the SDK. */
  record Read(GrpcStatus status, String message, byte[] data, int messages) {}

  Read read(long bucket, String token, byte[] cid, long start, long end, boolean acks) {
    return read(bucket, token, cid, start, end, acks, BOB);
  }

  Read read(
      long bucket,
      String token,
      byte[] cid,
      long start,
      long end,
      boolean acks,
      io.ddc.crypto.KeyPair reader) {
    GetFileRequest.Request.Builder r =
        GetFileRequest.Request.newBuilder().setBucketId(bucket).setCid(ByteString.copyFrom(cid));
    if (start >= 0) {
      r.setRange(GetFileRequest.Request.Range.newBuilder().setStart(start).setEnd(end));
    }
    String requestId = UUID.randomUUID().toString();
    Map<String, String> m = md(token);
    m.put("request", TestKeys.activityRequest(reader, requestId, bucket, 1));
    long[] received = {0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GrpcTestClient.Reply reply =
        grpc.call(
            "/file.FileApi/getFile",
            m,
            List.of(Buffer.buffer(GetFileRequest.newBuilder().setRequest(r).build().toByteArray())),
            msg -> {
              try {
                GetFileResponse resp = GetFileResponse.parseFrom(msg.getBytes());
                resp.getData().writeTo(out);
                received[0] += resp.getData().size();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return acks
                  ? GrpcTestClient.ackMessage(TestKeys.ack(reader, requestId, received[0]))
                  : null;
            });
    return new Read(reply.status(), reply.message(), out.toByteArray(), reply.messages().size());
  }

  @Test
  void storesAndReadsRawPiecesWithRanges() {
    byte[] data = random(5_000_000, 1);
    byte[] cid = putOk(2, data);
    assertThat(Cid.fromBytes(cid)).isEqualTo(Cid.compute(Cid.Codec.RAW, data));
    Read all = read(2, TestKeys.defaultToken(ALICE), cid, -1, 0, true);
    assertThat(all.status()).isEqualTo(GrpcStatus.OK);
    assertThat(all.data()).isEqualTo(data);
    assertThat(all.messages()).isEqualTo(5); // 1 MiB messages
    Read range = read(2, TestKeys.defaultToken(ALICE), cid, 16384, 16384 * 3 - 1, true);
    assertThat(range.data()).isEqualTo(Arrays.copyOfRange(data, 16384, 16384 * 3));
    Read clamped = read(2, TestKeys.defaultToken(ALICE), cid, 4_999_990, 9_999_999, true);
    assertThat(clamped.data()).isEqualTo(Arrays.copyOfRange(data, 4_999_990, 5_000_000));
    assertThat(read(2, TestKeys.defaultToken(ALICE), cid, 5_000_000, 5_000_001, true).status())
        .isEqualTo(GrpcStatus.OUT_OF_RANGE);
    assertThat(read(2, TestKeys.defaultToken(ALICE), cid, 10, 5, true).status())
        .isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    // same content again: same CID
    assertThat(putOk(2, data)).isEqualTo(cid);
  }

  @Test
  void getFileReturnsItsReadBuffersToThePool() {
    // reads go through direct buffers that no garbage collector returns: 30 reads of 5 MB must
    // give every one back, and reuse them instead of allocating 150 of them
    byte[] data = random(5_000_000, 7);
    byte[] cid = putOk(2, data);
    ReadBuffers buffers = node.readBuffers();
    assertThat(read(2, TestKeys.defaultToken(ALICE), cid, -1, 0, true).data()).isEqualTo(data);
    int allocatedBefore = buffers.allocated();
    for (int i = 0; i < 30; i++) {
      Read r = read(2, TestKeys.defaultToken(ALICE), cid, -1, 0, true);
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
      assertThat(r.data()).isEqualTo(data);
    }
    assertThat(buffers.allocated() - allocatedBefore).isLessThan(10);
    // the transport releases the last message's buffer once written, just after the call ended
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (buffers.outstanding() != 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(buffers.outstanding()).isZero();
  }

  @Test
  void multipartPiecesReadAcrossPartBoundaries() {
    int part = 4 << 20;
    byte[] whole = random(3 * part - 1000, 2);
    List<ByteString> hashes = new ArrayList<>();
    for (int off = 0, i = 0; off < whole.length; off += part, i++) {
      byte[] p = Arrays.copyOfRange(whole, off, Math.min(whole.length, off + part));
      GrpcTestClient.Reply r = put(1, TestKeys.defaultToken(ALICE), p, true, off);
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
      byte[] cid = parse(r).getCid().toByteArray();
      hashes.add(ByteString.copyFrom(cid, 4, 32));
    }
    PutMultiPartPieceRequest req =
        PutMultiPartPieceRequest.newBuilder()
            .setBucketId(1)
            .setTotalSize(whole.length)
            .setPartSize(part)
            .addAllPartHashes(hashes)
            .build();
    GrpcTestClient.Reply r =
        grpc.call(
            "/file.FileApi/putMultipartPiece",
            md(TestKeys.defaultToken(ALICE)),
            List.of(Buffer.buffer(req.toByteArray())));
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    byte[] cid;
    try {
      cid = PutMultiPartPieceResponse.parseFrom(r.single().getBytes()).getCid().toByteArray();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(Cid.fromBytes(cid)).isEqualTo(Cid.compute(Cid.Codec.MULTIPART, whole));
    assertThat(read(1, null, cid, -1, 0, true).data()).isEqualTo(whole);
    long s = part - 16384;
    assertThat(read(1, null, cid, s, s + 3 * 16384 - 1, true).data())
        .isEqualTo(Arrays.copyOfRange(whole, (int) s, (int) s + 3 * 16384));
    // a missing part is a precondition failure naming the digest
    PutMultiPartPieceRequest missing =
        req.toBuilder().setPartHashes(1, ByteString.copyFrom(new byte[32])).build();
    GrpcTestClient.Reply bad =
        grpc.call(
            "/file.FileApi/putMultipartPiece",
            md(TestKeys.defaultToken(ALICE)),
            List.of(Buffer.buffer(missing.toByteArray())));
    assertThat(bad.status()).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    assertThat(bad.message()).contains("0000000000");
  }

  @Test
  void dagNodesWithPathsAndCnsRecords() throws Exception {
    Node leaf = Node.newBuilder().setData(ByteString.copyFromUtf8("Hello DDC")).build();
    byte[] leafCid = dagPut(leaf);
    assertThat(Cid.fromBytes(leafCid).toString())
        .isEqualTo("baear4iejt372x5dgt6jgp7zltx7eq2dfanbqieiqcqwlnzs6vv666pbnxm");
    Node middle =
        Node.newBuilder()
            .addLinks(Link.newBuilder().setCid(ByteString.copyFrom(leafCid)).setName("leaf"))
            .build();
    byte[] middleCid = dagPut(middle);
    Node root =
        Node.newBuilder()
            .setData(ByteString.copyFromUtf8("root"))
            .addLinks(Link.newBuilder().setCid(ByteString.copyFrom(middleCid)).setName("branch"))
            .addLinks(Link.newBuilder().setCid(ByteString.copyFrom(leafCid)).setName("a/b.txt"))
            .build();
    byte[] rootCid = dagPut(root);
    assertThat(dagGet(rootCid, null)).isEqualTo(root);
    assertThat(dagGet(rootCid, "branch/leaf")).isEqualTo(leaf);
    assertThat(dagGet(rootCid, "a/b.txt")).isEqualTo(leaf);
    assertThat(dagGetStatus(rootCid, "branch/nothing")).isEqualTo(GrpcStatus.NOT_FOUND);
    // the empty node [D1]
    assertThat(Cid.fromBytes(dagPut(Node.getDefaultInstance())).toString())
        .isEqualTo("baear4ifpcne3t5pzugtkaqcn5i3nzskjtpfslsnnyejlpte2spfoihzsmi");

    String token = TestKeys.defaultToken(ALICE);
    assertThat(cnsGet("site")).isNull();
    cnsPut(TestKeys.record(ALICE, rootCid, "site"), token, GrpcStatus.OK);
    assertThat(cnsGet("site").getCid().toByteArray()).isEqualTo(rootCid);
    cnsPut(TestKeys.record(BOB, leafCid, "site"), token, GrpcStatus.OK); // overwrite
    assertThat(cnsGet("site").getCid().toByteArray()).isEqualTo(leafCid);
    io.ddc.protocol.proto.cns.Record forged =
        TestKeys.record(ALICE, rootCid, "site").toBuilder().setName("other").build();
    cnsPut(forged, token, GrpcStatus.INVALID_ARGUMENT);
  }

  byte[] dagPut(Node n) throws Exception {
    GrpcTestClient.Reply r =
        grpc.call(
            "/dag.DagApi/Put",
            md(TestKeys.defaultToken(ALICE)),
            List.of(
                Buffer.buffer(
                    io.ddc.protocol.proto.dag.PutRequest.newBuilder()
                        .setBucketId(2)
                        .setNode(n)
                        .build()
                        .toByteArray())));
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    return io.ddc.protocol.proto.dag.PutResponse.parseFrom(r.single().getBytes())
        .getCid()
        .toByteArray();
  }

  GrpcTestClient.Reply dagGetReply(byte[] cid, String path) {
    io.ddc.protocol.proto.dag.GetRequest.Builder b =
        io.ddc.protocol.proto.dag.GetRequest.newBuilder()
            .setBucketId(2)
            .setCid(ByteString.copyFrom(cid));
    if (path != null) {
      b.setPath(path);
    }
    return grpc.call(
        "/dag.DagApi/Get",
        md(TestKeys.defaultToken(ALICE)),
        List.of(Buffer.buffer(b.build().toByteArray())));
  }

  Node dagGet(byte[] cid, String path) throws Exception {
    GrpcTestClient.Reply r = dagGetReply(cid, path);
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    return io.ddc.protocol.proto.dag.GetResponse.parseFrom(r.single().getBytes()).getNode();
  }

  GrpcStatus dagGetStatus(byte[] cid, String path) {
    return dagGetReply(cid, path).status();
  }

  void cnsPut(io.ddc.protocol.proto.cns.Record rec, String token, GrpcStatus expected) {
    cnsPut(2, rec, token, expected);
  }

  void cnsPut(
      long bucket, io.ddc.protocol.proto.cns.Record rec, String token, GrpcStatus expected) {
    GrpcTestClient.Reply r =
        grpc.call(
            "/cns.CnsApi/Put",
            md(token),
            List.of(
                Buffer.buffer(
                    io.ddc.protocol.proto.cns.PutRequest.newBuilder()
                        .setBucketId(bucket)
                        .setRecord(rec)
                        .build()
                        .toByteArray())));
    assertThat(r.status()).as(r.message()).isEqualTo(expected);
  }

  io.ddc.protocol.proto.cns.Record cnsGet(String name) throws Exception {
    GrpcTestClient.Reply r =
        grpc.call(
            "/cns.CnsApi/Get",
            md(TestKeys.defaultToken(ALICE)),
            List.of(
                Buffer.buffer(
                    io.ddc.protocol.proto.cns.GetRequest.newBuilder()
                        .setBucketId(2)
                        .setName(name)
                        .build()
                        .toByteArray())));
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    GetResponse g = GetResponse.parseFrom(r.single().getBytes());
    return g.hasRecord() ? g.getRecord() : null;
  }

  @Test
  void accessMatrix() {
    byte[] small = random(1024, 3);
    byte[] pub = putOk(1, small);
    byte[] priv = putOk(2, small);
    // unknown bucket, even for the owner
    GrpcTestClient.Reply nb = put(99, TestKeys.defaultToken(ALICE), small, false, 0);
    assertThat(nb.status()).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(nb.message()).containsIgnoringCase("no bucket");
    // other user, own token: public GET yes, PUT no, private GET no
    String bob = TestKeys.defaultToken(BOB);
    assertThat(read(1, bob, pub, -1, 0, true).data()).isEqualTo(small);
    assertThat(put(1, bob, small, false, 0).status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
    assertThat(read(2, bob, priv, -1, 0, true).status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
    assertThat(read(2, null, priv, -1, 0, true).status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    // bearer tokens
    assertThat(read(2, TestKeys.bearer(ALICE, 2, Operation.GET), priv, -1, 0, true).data())
        .isEqualTo(small);
    assertThat(put(2, TestKeys.bearer(ALICE, 2, Operation.GET), small, false, 0).status())
        .isEqualTo(GrpcStatus.PERMISSION_DENIED);
    assertThat(put(2, TestKeys.bearer(ALICE, 2, Operation.PUT), small, false, 0).status())
        .isEqualTo(GrpcStatus.OK);
    assertThat(read(2, TestKeys.bearer(ALICE, 1, Operation.GET), priv, -1, 0, true).status())
        .isEqualTo(GrpcStatus.PERMISSION_DENIED);
    // delegated tokens
    assertThat(put(2, TestKeys.delegated(ALICE, BOB, 2, Operation.PUT), small, false, 0).status())
        .isEqualTo(GrpcStatus.OK);
    assertThat(
            read(2, TestKeys.delegated(ALICE, BOB, 2, Operation.PUT), priv, -1, 0, true).status())
        .isEqualTo(GrpcStatus.PERMISSION_DENIED);
    assertThat(read(2, TestKeys.delegated(ALICE, BOB, 2, Operation.GET), priv, -1, 0, true).data())
        .isEqualTo(small);
    // a garbage token
    assertThat(read(2, "0OIl", priv, -1, 0, true).status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
  }

  @Test
  void readsWithoutAcksStopAtTheQuota() {
    byte[] data = random(12 << 20, 4);
    byte[] cid = putOk(1, data);
    // like the SDK's suite: a fresh activity signer for the read without acks
    io.ddc.crypto.KeyPair reader = io.ddc.crypto.Keys.generate(io.ddc.crypto.KeyScheme.ED25519);
    Read noAcks = read(1, null, cid, -1, 0, false, reader);
    assertThat(noAcks.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
    assertThat(noAcks.data().length).isLessThanOrEqualTo(8 << 20);
    // the signer stays blocked until its quota refills; an honest signer reads everything
    assertThat(read(1, null, cid, -1, 0, true, reader).status())
        .isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
    for (int i = 0; i < 3; i++) {
      Read withAcks = read(1, null, cid, -1, 0, true);
      assertThat(withAcks.status()).isEqualTo(GrpcStatus.OK);
      assertThat(withAcks.data()).isEqualTo(data);
    }
  }

  record Http(int status, io.vertx.core.MultiMap headers, Buffer body) {}

  /**
   * Sent from a Vert.x context, not from the test thread: the Vert.x 5.0.7 client driven from a
   * plain thread can lose answers (decision 0055).
   */
  Http http(io.vertx.core.http.HttpMethod method, String path, String... headers) {
    io.vertx.core.http.HttpClient c = vertx.createHttpClient();
    try {
      io.vertx.core.Promise<Http> reply = io.vertx.core.Promise.promise();
      vertx.runOnContext(
          v ->
              c.request(method, node.httpPort(), "127.0.0.1", path)
                  .compose(
                      r -> {
                        for (int i = 0; i < headers.length; i += 2) {
                          r.putHeader(headers[i], headers[i + 1]);
                        }
                        return r.send();
                      })
                  .compose(r -> r.body().map(b -> new Http(r.statusCode(), r.headers(), b)))
                  .onComplete(reply));
      return reply.future().await();
    } finally {
      c.close();
    }
  }

  Http get(String path, String... headers) {
    return http(io.vertx.core.http.HttpMethod.GET, path, headers);
  }

  @Test
  void gatewayServesPiecesRangesNamesAndDagLinks() throws Exception {
    byte[] data = random(300_000, 7);
    byte[] cid = putOk(1, data);
    String text = Cid.fromBytes(cid).toString();
    Http whole = get("/1/" + text);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.body().getBytes()).isEqualTo(data);
    assertThat(whole.headers().get("etag")).isEqualTo("\"" + text + "\"");
    assertThat(whole.headers().get("cache-control")).isEqualTo(HttpGateway.IMMUTABLE);
    assertThat(whole.headers().get("content-length")).isEqualTo("300000");
    Http part = get("/1/" + text, "range", "bytes=100-199");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.headers().get("content-range")).isEqualTo("bytes 100-199/300000");
    assertThat(part.body().getBytes()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
    assertThat(get("/1/" + text, "range", "bytes=-10").body().getBytes())
        .isEqualTo(Arrays.copyOfRange(data, 299_990, 300_000));
    assertThat(get("/1/" + text, "range", "bytes=300000-").status()).isEqualTo(416);
    assertThat(get("/1/" + text, "if-none-match", "\"" + text + "\"").status()).isEqualTo(304);
    Http head = http(io.vertx.core.http.HttpMethod.HEAD, "/1/" + text);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo("300000");
    assertThat(head.body().length()).isZero();
    // private bucket: 401 without a token, 200 with a bearer token in the URL
    byte[] priv = putOk(2, data);
    String privText = Cid.fromBytes(priv).toString();
    assertThat(get("/2/" + privText).status()).isEqualTo(401);
    assertThat(
            get("/2/" + privText + "?token=" + TestKeys.bearer(ALICE, 2, Operation.GET)).status())
        .isEqualTo(200);
    assertThat(
            get("/2/" + privText + "?token=" + TestKeys.bearer(ALICE, 1, Operation.GET)).status())
        .isEqualTo(403);
    assertThat(get("/9/" + text).status()).isEqualTo(404);
    assertThat(get("/1/" + text.substring(0, 40) + "aaaaaaaaaaaaaaaaaaaa").status()).isEqualTo(404);
    assertThat(get("/1/../" + text).status()).isEqualTo(400);
    // a DAG link path with a slash in the link name, and a name record
    Node site =
        Node.newBuilder()
            .addLinks(
                Link.newBuilder()
                    .setCid(ByteString.copyFrom(cid))
                    .setName("assets/bg.jpg")
                    .setSize(data.length))
            .build();
    GrpcTestClient.Reply r =
        grpc.call(
            "/dag.DagApi/Put",
            md(TestKeys.defaultToken(ALICE)),
            List.of(
                Buffer.buffer(
                    io.ddc.protocol.proto.dag.PutRequest.newBuilder()
                        .setBucketId(1)
                        .setNode(site)
                        .build()
                        .toByteArray())));
    String siteCid =
        Cid.fromBytes(
                io.ddc.protocol.proto.dag.PutResponse.parseFrom(r.single().getBytes())
                    .getCid()
                    .toByteArray())
            .toString();
    Http img = get("/1/" + siteCid + "/assets/bg.jpg");
    assertThat(img.status()).isEqualTo(200);
    assertThat(img.headers().get("content-type")).isEqualTo("image/jpeg");
    assertThat(img.body().getBytes()).isEqualTo(data);
    GrpcTestClient.Reply put =
        grpc.call(
            "/cns.CnsApi/Put",
            md(TestKeys.defaultToken(ALICE)),
            List.of(
                Buffer.buffer(
                    io.ddc.protocol.proto.cns.PutRequest.newBuilder()
                        .setBucketId(1)
                        .setRecord(TestKeys.record(ALICE, cid, "pics/bg"))
                        .build()
                        .toByteArray())));
    assertThat(put.status()).isEqualTo(GrpcStatus.OK);
    Http byName = get("/1/pics/bg");
    assertThat(byName.status()).isEqualTo(200);
    assertThat(byName.headers().get("cache-control")).isEqualTo(HttpGateway.NAME_TTL);
    assertThat(byName.body().getBytes()).isEqualTo(data);
    // a directory stored under a name is served below it: the whole path is tried as a name
    // first, then its longest prefix that is one, the rest being a link path in that DAG node
    String token = TestKeys.defaultToken(ALICE);
    byte[] site1 = Cid.parse(siteCid).toBytes();
    cnsPut(1, TestKeys.record(ALICE, site1, "site"), token, GrpcStatus.OK);
    cnsPut(1, TestKeys.record(ALICE, site1, "sites/www"), token, GrpcStatus.OK);
    for (String path : List.of("/1/site/assets/bg.jpg", "/1/sites/www/assets/bg.jpg")) {
      Http below = get(path);
      assertThat(below.status()).as(path).isEqualTo(200);
      assertThat(below.headers().get("content-type")).isEqualTo("image/jpeg");
      assertThat(below.headers().get("cache-control")).isEqualTo(HttpGateway.NAME_TTL);
      assertThat(below.body().getBytes()).isEqualTo(data);
    }
    byte[] other = random(1_000, 8);
    cnsPut(
        1,
        TestKeys.record(ALICE, putOk(1, other), "sites/www/assets/bg.jpg"),
        token,
        GrpcStatus.OK);
    assertThat(get("/1/sites/www/assets/bg.jpg").body().getBytes()).isEqualTo(other);
    Http nope = get("/1/site/assets/nope.jpg");
    assertThat(nope.status()).isEqualTo(404);
    assertThat(nope.body().toString()).contains("no link 'assets/nope.jpg'");
    Http nowhere = get("/1/nowhere/assets/bg.jpg");
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.body().toString()).contains("no name 'nowhere/assets/bg.jpg' in bucket 1");
    assertThat(get("/1/pics/bg/more").status()).isEqualTo(400); // a piece has no path below it
    String metrics = get("/metrics").body().toString();
    assertThat(metrics)
        .contains("ddc_gateway_requests_seconds_count{route=\"cid\",status=\"206\"}")
        .contains("ddc_gateway_requests_seconds_count{route=\"dag-path\",status=\"200\"}")
        .contains("ddc_gateway_requests_seconds_count{route=\"name\",status=\"200\"}")
        .contains("ddc_gateway_requests_seconds_count{route=\"name\",status=\"400\"}");
    assertThat(metrics)
        .contains(
            "ddc_rpc_requests_seconds_count{method=\"/cns.CnsApi/Put\",status=\"OK\",transport=\"grpc\"}");
  }

  @Test
  void gatewayAnswersHotSmallPiecesFromMemoryAsItAnsweredTheFirstTime() {
    byte[] data = random(4096, 11);
    String text = Cid.fromBytes(putOk(1, data)).toString();
    Http first = get("/1/" + text);
    Http again = get("/1/" + text);
    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().getBytes()).isEqualTo(data);
    for (String h :
        List.of(
            "etag",
            "content-length",
            "content-type",
            "cache-control",
            "accept-ranges",
            "x-content-type-options",
            "access-control-allow-origin")) {
      assertThat(again.headers().get(h)).as(h).isEqualTo(first.headers().get(h));
    }
    assertThat(get("/metrics").body().toString()).containsPattern("ddc_gateway_hot_pieces [1-9]");
    // hot answers are metered like any other: three more 200s on the CID route
    double before = cidRequests200();
    for (int i = 0; i < 3; i++) {
      assertThat(get("/1/" + text).status()).isEqualTo(200);
    }
    assertThat(cidRequests200()).isEqualTo(before + 3);
    assertThat(System.getProperty(HttpEdgeVerticle.CACHE_IMMUTABLE_HEADERS)).isEqualTo("true");
    // an HTTP/1.0 keep-alive answer adds a header to the shared read-only set: on its own copy only
    String old = rawHead("GET /1/" + text + " HTTP/1.0\r\nConnection: keep-alive");
    assertThat(old).startsWith("HTTP/1.0 200").containsIgnoringCase("connection: keep-alive");
    String after = rawHead("GET /1/" + text + " HTTP/1.1\r\nHost: localhost");
    assertThat(after)
        .startsWith("HTTP/1.1 200")
        .contains("etag: " + first.headers().get("etag"))
        .doesNotContainIgnoringCase("connection:");
    // ranges, conditional requests and HEAD of a hot piece keep their own answers
    Http part = get("/1/" + text, "range", "bytes=10-19");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body().getBytes()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
    assertThat(get("/1/" + text, "if-none-match", "\"" + text + "\"").status()).isEqualTo(304);
    Http head = http(io.vertx.core.http.HttpMethod.HEAD, "/1/" + text);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo("4096");
    assertThat(head.body().length()).isZero();
    // a private bucket's hot piece is still authorized on every request
    String priv = Cid.fromBytes(putOk(2, data)).toString();
    String token = TestKeys.bearer(ALICE, 2, Operation.GET);
    assertThat(get("/2/" + priv + "?token=" + token).status()).isEqualTo(200);
    Http hotWithToken = get("/2/" + priv + "?token=" + token);
    assertThat(hotWithToken.status()).isEqualTo(200);
    assertThat(hotWithToken.body().getBytes()).isEqualTo(data);
    assertThat(get("/2/" + priv).status()).isEqualTo(401);
    assertThat(get("/2/" + priv + "?token=" + TestKeys.bearer(ALICE, 1, Operation.GET)).status())
        .isEqualTo(403);
  }

  /** The head of the answer to {@code request} (request line and headers), over a plain socket. */
  private String rawHead(String request) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.httpPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write((request + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      StringBuilder head = new StringBuilder();
      java.io.InputStream in = s.getInputStream();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      return head.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code ddc_gateway_requests_seconds_count} of the CID route with status 200, from /metrics. */
  private double cidRequests200() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "ddc_gateway_requests_seconds_count\\{[^}]*route=\"cid\"[^}]*status=\"200\"[^}]*\\}"
                    + " ([0-9.eE+]+)")
            .matcher(get("/metrics").body().toString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void gatewayStreamsMultipartRangesAcrossParts() {
    int part = 4 << 20;
    byte[] whole = random(2 * part + 5, 8);
    List<ByteString> hashes = new ArrayList<>();
    for (int off = 0; off < whole.length; off += part) {
      byte[] p = Arrays.copyOfRange(whole, off, Math.min(whole.length, off + part));
      hashes.add(
          ByteString.copyFrom(
              parse(put(1, TestKeys.defaultToken(ALICE), p, true, off)).getCid().toByteArray(),
              4,
              32));
    }
    GrpcTestClient.Reply r =
        grpc.call(
            "/file.FileApi/putMultipartPiece",
            md(TestKeys.defaultToken(ALICE)),
            List.of(
                Buffer.buffer(
                    PutMultiPartPieceRequest.newBuilder()
                        .setBucketId(1)
                        .setTotalSize(whole.length)
                        .setPartSize(part)
                        .addAllPartHashes(hashes)
                        .build()
                        .toByteArray())));
    String cid = Cid.compute(Cid.Codec.MULTIPART, whole).toString();
    assertThat(r.status()).isEqualTo(GrpcStatus.OK);
    assertThat(get("/1/" + cid).body().getBytes()).isEqualTo(whole);
    Http across = get("/1/" + cid, "range", "bytes=" + (part - 10) + "-" + (2 * part + 2));
    assertThat(across.status()).isEqualTo(206);
    assertThat(across.body().getBytes())
        .isEqualTo(Arrays.copyOfRange(whole, part - 10, 2 * part + 3));
  }

  @Test
  void malformedInputGetsInvalidArgumentAndTheNodeKeepsServing() {
    GrpcTestClient.Reply garbage =
        grpc.call(
            "/dag.DagApi/Put",
            md(TestKeys.defaultToken(ALICE)),
            List.of(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})));
    assertThat(garbage.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    GrpcTestClient.Reply wrongFirst =
        grpc.call(
            "/file.FileApi/getFile",
            md(null),
            List.of(
                Buffer.buffer(
                    GetFileRequest.newBuilder()
                        .setAck(TestKeys.ack(BOB, "x", 1))
                        .build()
                        .toByteArray())));
    assertThat(wrongFirst.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    Read badCid = read(1, null, new byte[] {1, 2, 3}, -1, 0, true);
    assertThat(badCid.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    GrpcTestClient.Reply oversize =
        grpc.call(
            "/dag.DagApi/Put",
            md(TestKeys.defaultToken(ALICE)),
            List.of(Buffer.buffer(new byte[17 << 20])));
    assertThat(oversize.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    GrpcTestClient.Reply unknown =
        grpc.call("/file.FileApi/nope", md(null), List.of(Buffer.buffer()));
    assertThat(unknown.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED);
    assertThat(putOk(1, random(100, 9))).hasSize(36);
  }
}
