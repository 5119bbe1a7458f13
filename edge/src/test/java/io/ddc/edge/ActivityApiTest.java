package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static io.ddc.edge.TestKeys.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.crypto.Blake3RangeProof;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.file.GetFileRequest;
import io.ddc.protocol.proto.file.GetFileResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
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

/**
 * A node with 2-second eras: a signed store and an acknowledged read show up in the sealed
 * aggregates, every record and challenge verifies against the roots, signed responses verify, and
 * validator-authenticated audits return BLAKE3 range proofs that verify against the CID.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ActivityApiTest {
  static final long BUCKET = 7;
  static final KeyPair VALIDATOR = Keys.fromUri("//Charlie", KeyScheme.ED25519);
  static final KeyPair STRANGER = Keys.fromUri("//Dave", KeyScheme.ED25519);
  static final HexFormat HEX = HexFormat.of();

  @TempDir static Path dir;
  Vertx vertx;
  DdcNode node;
  DdcNode losing;
  GrpcTestClient grpc;
  HttpClient http;
  byte[] data = new byte[300_000];
  Cid cid;
  long acked;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    node =
        DdcNode.start(
                vertx,
                TestKeys.testNode(dir)
                    .eraDuration(Duration.ofSeconds(2))
                    .validators(List.of("0x" + HEX.formatHex(VALIDATOR.publicKey())))
                    .buckets(
                        List.of(
                            new NodeOptions.StaticBucket(BUCKET, TestKeys.ownerHex(ALICE), false))))
            .await();
    losing =
        DdcNode.start(
                vertx,
                TestKeys.testNode(dir.resolve("losing"))
                    .faultLosePieces(true)
                    .validators(List.of("0x" + HEX.formatHex(VALIDATOR.publicKey())))
                    .buckets(
                        List.of(
                            new NodeOptions.StaticBucket(BUCKET, TestKeys.ownerHex(ALICE), false))))
            .await();
    grpc = new GrpcTestClient(vertx, node.grpcPort());
    // One connection per request: a Vert.x client driven from the test thread loses answers on
    // kept-alive connections by itself (decision 0055; the server's side is GatewayKeepAliveTest).
    http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
    new Random(8).nextBytes(data);
    cid = put(grpc, true);
    // without an activity request: the losing node lists the piece through its bucket registry
    assertThat(put(new GrpcTestClient(vertx, losing.grpcPort()), false)).isEqualTo(cid);
    acked = readWithAcks(BUCKET);
    readWithAcks(BUCKET + 1); // a request naming another bucket than the one read: not recorded
  }

  @AfterAll
  void stop() {
    http.close().await();
    node.close().await();
    losing.close().await();
    vertx.close().await();
  }

  static String signedRequest(KeyPair k, int type, long size) {
    return signedRequest(k, type, size, BUCKET);
  }

  static String signedRequest(KeyPair k, int type, long size, long bucket) {
    ActivityRequest unsigned =
        ActivityRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setRequestTypeValue(type)
            .setBucketId(bucket)
            .setSize(size)
            .setTimestamp(System.currentTimeMillis())
            .build();
    return Base64.getEncoder()
        .encodeToString(
            unsigned.toBuilder()
                .setSignature(TestKeys.sign(k, unsigned.toByteArray()))
                .build()
                .toByteArray());
  }

  private Cid put(GrpcTestClient grpc, boolean withRequest) {
    return put(grpc, data, withRequest);
  }

  private Cid put(GrpcTestClient grpc, byte[] data, boolean withRequest) {
    Map<String, String> md = new HashMap<>();
    md.put("token", TestKeys.defaultToken(ALICE));
    if (withRequest) {
      md.put("request", signedRequest(ALICE, 0, data.length));
    }
    PutRawPieceRequest meta =
        PutRawPieceRequest.newBuilder()
            .setMetadata(
                PutRawPieceRequest.Metadata.newBuilder().setBucketId(BUCKET).setSize(data.length))
            .build();
    List<Buffer> messages = new ArrayList<>(List.of(Buffer.buffer(meta.toByteArray())));
    for (int off = 0; off < data.length; off += 1 << 20) {
      ByteString part = ByteString.copyFrom(data, off, Math.min(1 << 20, data.length - off));
      messages.add(
          Buffer.buffer(
              PutRawPieceRequest.newBuilder()
                  .setContent(PutRawPieceRequest.Content.newBuilder().setData(part))
                  .build()
                  .toByteArray()));
    }
    GrpcTestClient.Reply r = grpc.call("/file.FileApi/putRawPiece", md, messages);
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    try {
      return Cid.fromBytes(
          PutRawPieceResponse.parseFrom(r.single().getBytes()).getCid().toByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Reads the piece as Bob, acknowledging each message; returns the bytes acknowledged. */
  private long readWithAcks(long requestBucket) {
    long received = readWithAcks(grpc, cid, requestBucket, n -> BOB);
    assertThat(received).isEqualTo(data.length);
    return received;
  }

  /**
   * Reads {@code cid} as Bob, acknowledging each message with an ack signed by {@code signer}'s
   * answer for the bytes received so far; returns the bytes received.
   */
  private static long readWithAcks(
      GrpcTestClient grpc,
      Cid cid,
      long requestBucket,
      java.util.function.LongFunction<KeyPair> signer) {
    String requestId;
    String request = signedRequest(BOB, 1, 0, requestBucket);
    try {
      requestId = ActivityRequest.parseFrom(Base64.getDecoder().decode(request)).getRequestId();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Map<String, String> md = new HashMap<>();
    md.put("token", TestKeys.defaultToken(ALICE));
    md.put("request", request);
    long[] received = {0};
    GetFileRequest first =
        GetFileRequest.newBuilder()
            .setRequest(
                GetFileRequest.Request.newBuilder()
                    .setBucketId(BUCKET)
                    .setCid(ByteString.copyFrom(cid.toBytes())))
            .build();
    GrpcTestClient.Reply r =
        grpc.call(
            "/file.FileApi/getFile",
            md,
            List.of(Buffer.buffer(first.toByteArray())),
            m -> {
              try {
                received[0] += GetFileResponse.parseFrom(m.getBytes()).getData().size();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return GrpcTestClient.ackMessage(
                  TestKeys.ack(signer.apply(received[0]), requestId, received[0]));
            });
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    return received[0];
  }

  @Test
  void theRecordedAckIsTheLargestThatVerifiesAcrossBatchedChecks() throws Exception {
    DdcNode acks =
        DdcNode.start(
                vertx,
                TestKeys.testNode(dir.resolve("acks"))
                    .eraDuration(Duration.ofSeconds(2))
                    .buckets(
                        List.of(
                            new NodeOptions.StaticBucket(BUCKET, TestKeys.ownerHex(ALICE), false))))
            .await();
    try {
      int mib = 1 << 20;
      int messages = NodeApi.ACKS_PER_CHECK + 8; // one batched check, the rest at the end
      byte[] big = new byte[messages * mib];
      new Random(9).nextBytes(big);
      GrpcTestClient g = new GrpcTestClient(vertx, acks.grpcPort());
      Cid bigCid = put(g, big, false);
      // good acks up to 29 MiB, then forged ones (another key) in both the batch and the rest
      assertThat(readWithAcks(g, bigCid, BUCKET, n -> n <= 29L * mib ? BOB : STRANGER))
          .isEqualTo(big.length);
      // only the last ack is good: found at the end, after a batch with none that verifies
      assertThat(readWithAcks(g, bigCid, BUCKET, n -> n == big.length ? BOB : STRANGER))
          .isEqualTo(big.length);
      // none is good: recorded without an ack
      assertThat(readWithAcks(g, bigCid, BUCKET, n -> STRANGER)).isEqualTo(big.length);

      List<Long> recorded = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (recorded.size() < 3 && System.currentTimeMillis() < deadline) {
        recorded.clear();
        for (Object o : get(acks, "/activity/eras").array()) {
          JsonObject e = (JsonObject) o;
          if (e.getLong("records") == 0 || !e.getString("status").equals("PROCESSED")) {
            continue;
          }
          JsonObject records =
              get(acks, "/activity/buckets/" + BUCKET + "/records?eraId=" + e.getLong("id"))
                  .object();
          for (Object l : records.getJsonArray("records")) {
            ActivityRecord rec =
                ActivityRecord.parseFrom(
                    Base64.getDecoder().decode(((JsonObject) l).getString("record")));
            if (rec.getUpstream().getRequest().getRequestTypeValue() == 1) {
              recorded.add(
                  rec.getUpstream().hasAck()
                      ? rec.getUpstream().getAck().getBytesStoredOrDelivered()
                      : -1L);
            }
          }
        }
        Thread.sleep(200);
      }
      assertThat(recorded).containsExactlyInAnyOrder(29L * mib, (long) big.length, -1L);
    } finally {
      acks.close().await();
    }
  }

  record Reply(int status, String body) {
    JsonObject object() {
      return new JsonObject(body);
    }

    JsonArray array() {
      return new JsonArray(body);
    }
  }

  Reply get(String path, String... headers) {
    return get(node, path, headers);
  }

  /**
   * Sent from a Vert.x context, not from the test thread: the Vert.x 5.0.7 client driven from a
   * plain thread can lose answers on a kept-alive connection (decision 0055).
   */
  Reply get(DdcNode from, String path, String... headers) {
    io.vertx.core.Promise<Reply> reply = io.vertx.core.Promise.promise();
    vertx.runOnContext(
        v ->
            http.request(HttpMethod.GET, from.httpPort(), "127.0.0.1", path)
                .compose(
                    r -> {
                      for (int i = 0; i < headers.length; i += 2) {
                        r.putHeader(headers[i], headers[i + 1]);
                      }
                      return r.send();
                    })
                .compose(r -> r.body().map(b -> new Reply(r.statusCode(), b.toString())))
                .onComplete(reply));
    return reply.future().await();
  }

  /** The eras holding records, once all of them are processed. */
  List<Long> processedErasWithRecords() throws InterruptedException {
    while (true) {
      JsonArray eras = get("/activity/eras").array();
      List<Long> with = new ArrayList<>();
      boolean allProcessed = true;
      for (Object o : eras) {
        JsonObject e = (JsonObject) o;
        if (e.getLong("records") > 0) {
          with.add(e.getLong("id"));
          allProcessed &= e.getString("status").equals("PROCESSED");
        }
      }
      if (!with.isEmpty() && allProcessed) {
        return with;
      }
      Thread.sleep(200);
    }
  }

  @Test
  void sealedAggregatesMatchTheSignedRecordsAndEveryChallengeVerifies() throws Exception {
    long puts = 0;
    long gets = 0;
    long transferred = 0;
    long stored = 0;
    for (long era : processedErasWithRecords()) {
      JsonArray buckets = get("/activity/buckets?eraId=" + era).array();
      assertThat(buckets).hasSize(1);
      JsonObject b = buckets.getJsonObject(0);
      assertThat(b.getLong("bucket_id")).isEqualTo(BUCKET);
      assertThat(b.getString("customer_id")).isEqualTo(TestKeys.ownerHex(ALICE));
      puts += b.getLong("number_of_puts");
      gets += b.getLong("number_of_gets");
      transferred += b.getLong("transferred_bytes");
      stored += b.getLong("stored_bytes") - b.getLong("opening_stored_bytes");

      JsonObject records = get("/activity/buckets/" + BUCKET + "/records?eraId=" + era).object();
      assertThat(records.getString("merkle_root")).isEqualTo(b.getString("merkle_root"));
      int n = records.getInteger("leaves");
      assertThat(n).isEqualTo(b.getInteger("records"));
      ActivityUsage.Eras eras = new ActivityUsage.Eras(2000);
      for (int i = 0; i < n; i++) {
        JsonObject leaf = records.getJsonArray("records").getJsonObject(i);
        byte[] bytes = Base64.getDecoder().decode(leaf.getString("record"));
        ActivityRecord rec = ActivityRecord.parseFrom(bytes);
        // what a validator does: the node's signature, then the usage re-derived from the record
        assertThat(
                Signatures.verify(
                    KeyScheme.ED25519,
                    rec.getSignature().getSigner().toByteArray(),
                    rec.toBuilder().clearSignature().build().toByteArray(),
                    rec.getSignature().getValue().toByteArray()))
            .isTrue();
        ActivityUsage u = ActivityUsage.of(rec, eras, era, 1.0);
        assertThat(leaf.getLong("stored")).isEqualTo(u.stored());
        assertThat(leaf.getLong("delivered")).isEqualTo(u.delivered());

        JsonObject c =
            get("/activity/buckets/" + BUCKET + "/challenge?eraId=" + era + "&leaf=" + i).object();
        List<byte[]> path = new ArrayList<>();
        c.getJsonArray("path").forEach(h -> path.add(hex((String) h)));
        byte[] leafHash =
            ActivityMerkle.leafHash(c.getLong("stored"), c.getLong("delivered"), bytes);
        assertThat(ActivityMerkle.verify(leafHash, i, n, path, hex(b.getString("merkle_root"))))
            .isTrue();
      }
      JsonObject nodeAgg = get("/activity/nodes?eraId=" + era).array().getJsonObject(0);
      assertThat(nodeAgg.getLong("transferred_bytes")).isEqualTo(b.getLong("transferred_bytes"));
    }
    assertThat(puts).isEqualTo(1);
    assertThat(gets).isEqualTo(1);
    assertThat(transferred).isEqualTo(acked);
    assertThat(stored).isPositive().isLessThanOrEqualTo(data.length);
  }

  @Test
  void signedResponsesVerifyOverThePayloadBytes() throws Exception {
    long era = processedErasWithRecords().get(0);
    String body = get("/activity/nodes?eraId=" + era + "&sign=true").body();
    JsonObject signed = new JsonObject(body);
    String payload = body.substring("{\"payload\":".length(), body.lastIndexOf(",\"signer\":\""));
    assertThat(payload).isEqualTo(signed.getJsonArray("payload").encode());
    byte[] signer = Base64.getDecoder().decode(signed.getString("signer"));
    assertThat(
            Signatures.verify(
                KeyScheme.ED25519,
                signer,
                payload.getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(signed.getString("signature"))))
        .isTrue();
    assertThat("0x" + HEX.formatHex(signer))
        .isEqualTo(signed.getJsonArray("payload").getJsonObject(0).getString("node_id"));
  }

  String[] auditHeaders(KeyPair k, String target) {
    long ts = System.currentTimeMillis();
    return new String[] {
      "X-DDC-Validator",
      "0x" + HEX.formatHex(k.publicKey()),
      "X-DDC-Scheme",
      "ed25519",
      "X-DDC-Timestamp",
      Long.toString(ts),
      "X-DDC-Signature",
      "0x" + HEX.formatHex(k.sign(AuditAuth.message(ts, target)))
    };
  }

  @Test
  void auditsReturnRangeProofsThatVerifyAgainstTheCid() {
    JsonArray pieces = get("/activity/pieces").array();
    assertThat(pieces.getJsonObject(0).getString("cid")).isEqualTo(cid.toString());
    assertThat(pieces.getJsonObject(0).getLong("size")).isEqualTo(data.length);

    String target = "/audit/pieces/" + cid + "?offset=123456&length=5000";
    Reply r = get(target, auditHeaders(VALIDATOR, target));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject a = r.object();
    byte[] covered = Base64.getDecoder().decode(a.getString("data"));
    List<byte[]> proof = new ArrayList<>();
    a.getJsonArray("proof").forEach(h -> proof.add(hex((String) h)));
    long start = a.getLong("chunk_start");
    assertThat(Blake3RangeProof.verify(cid.digest(), data.length, start, covered, proof)).isTrue();
    int from = (int) (123456 - start);
    assertThat(Arrays.copyOfRange(covered, from, from + 5000))
        .isEqualTo(Arrays.copyOfRange(data, 123456, 128456));
    covered[from] ^= 1;
    assertThat(Blake3RangeProof.verify(cid.digest(), data.length, start, covered, proof)).isFalse();

    assertThat(get(target).status()).isEqualTo(401);
    assertThat(get(target, auditHeaders(STRANGER, target)).status()).isEqualTo(403);
    String other = "/audit/pieces/" + cid + "?offset=0&length=10";
    assertThat(get(other, auditHeaders(VALIDATOR, target)).status()).isEqualTo(401);
    String missing =
        "/audit/pieces/" + Cid.compute(Cid.Codec.RAW, new byte[] {1}) + "?offset=0&length=1";
    assertThat(get(missing, auditHeaders(VALIDATOR, missing)).status()).isEqualTo(404);
  }

  @Test
  void aNodeInjectedToLosePiecesStillListsThemButFailsTheirAudits() {
    assertThat(get(losing, "/activity/eras").array().getJsonObject(0).getLong("records")).isZero();
    JsonArray pieces = get(losing, "/activity/pieces").array();
    assertThat(pieces.getJsonObject(0).getString("cid")).isEqualTo(cid.toString());
    String target = "/audit/pieces/" + cid + "?offset=0&length=100";
    assertThat(get(losing, target, auditHeaders(VALIDATOR, target)).status()).isEqualTo(404);
  }

  @Test
  void unprocessedAndUnknownErasAreRefused() {
    long now = System.currentTimeMillis() / 2000;
    assertThat(get("/activity/buckets?eraId=" + (now + 100)).status()).isEqualTo(404);
    assertThat(get("/activity/nodes").status()).isEqualTo(400);
  }

  private static byte[] hex(String s) {
    return HEX.parseHex(s.substring(2));
  }
}
