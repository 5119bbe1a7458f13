package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.protocol.proto.file.PutMultiPartPieceRequest;
import io.ddc.protocol.proto.file.PutMultiPartPieceResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 128 MiB read through the gateway allocates at most a few MiB of heap in the node, both for one
 * raw piece (sendfile) and for a multipart piece streamed part by part: the bytes never pass
 * through the Java heap. Allocation is counted per thread ({@code
 * ThreadMXBean.getThreadAllocatedBytes}) over every thread but the test's own, which reads the
 * response from a plain socket into one reused buffer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayHeapTest {
  static final int PART = 64 << 20;
  static final long READ = 2L * PART;

  /** What the node may allocate while serving 128 MiB: headers, futures, bookkeeping. */
  static final long ALLOWED_ALLOCATION = 4 << 20;

  @TempDir static Path dir;
  Vertx vertx;
  DdcNode node;
  GrpcTestClient grpc;
  byte[] part;
  String rawCid;
  String multipartCid;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    node =
        DdcNode.start(
                vertx,
                TestKeys.testNode(dir)
                    .buckets(
                        List.of(new NodeOptions.StaticBucket(1, TestKeys.ownerHex(ALICE), true))))
            .await();
    grpc = new GrpcTestClient(vertx, node.grpcPort());
    part = new byte[PART];
    new Random(5).nextBytes(part);
    List<Buffer> content = NodeApiTest.contentMessages(part);
    // one raw piece of 128 MiB (the part twice) and a multipart piece of the same part twice
    List<Buffer> twice = new ArrayList<>(content);
    twice.addAll(content);
    rawCid = cidText(putRaw(READ, false, 0, twice));
    byte[] partCid = putRaw(PART, true, 0, content);
    ByteString digest = ByteString.copyFrom(partCid, 4, 32);
    GrpcTestClient.Reply r =
        grpc.call(
            "/file.FileApi/putMultipartPiece",
            md(),
            List.of(
                Buffer.buffer(
                    PutMultiPartPieceRequest.newBuilder()
                        .setBucketId(1)
                        .setTotalSize(READ)
                        .setPartSize(PART)
                        .addPartHashes(digest)
                        .addPartHashes(digest)
                        .build()
                        .toByteArray())));
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    multipartCid =
        cidText(PutMultiPartPieceResponse.parseFrom(r.single().getBytes()).getCid().toByteArray());
  }

  @AfterAll
  void stop() {
    node.close().await();
    vertx.close().await();
  }

  private static Map<String, String> md() {
    Map<String, String> m = new HashMap<>();
    m.put("token", TestKeys.defaultToken(ALICE));
    return m;
  }

  private static String cidText(byte[] cid) {
    return io.ddc.protocol.cid.Cid.fromBytes(cid).toString();
  }

  private byte[] putRaw(long size, boolean multipart, long offset, List<Buffer> content)
      throws Exception {
    PutRawPieceRequest.Metadata.Builder meta =
        PutRawPieceRequest.Metadata.newBuilder().setBucketId(1).setSize(size);
    if (multipart) {
      meta.setIsMultipart(true).setOffset(offset);
    }
    List<Buffer> msgs = new ArrayList<>();
    msgs.add(
        Buffer.buffer(PutRawPieceRequest.newBuilder().setMetadata(meta).build().toByteArray()));
    msgs.addAll(content);
    GrpcTestClient.Reply r = grpc.call("/file.FileApi/putRawPiece", md(), msgs);
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    return PutRawPieceResponse.parseFrom(r.single().getBytes()).getCid().toByteArray();
  }

  @Test
  void aRawPieceOf128MiBAllocatesAFewKiB() throws Exception {
    assertReadAllocatesLittle("/1/" + rawCid);
  }

  @Test
  void aMultipartPieceOf128MiBAllocatesAFewKiB() throws Exception {
    assertReadAllocatesLittle("/1/" + multipartCid);
  }

  /**
   * h2c (HTTP/2 in clear text, the JDK client's default for http:// URLs): a range larger than the
   * in-memory reads inside one raw piece, and one across the parts of a multipart piece, come back
   * byte-identical over HTTP/2 (one part once answered 500, as HTTP/2 has no sendfile).
   */
  @Test
  void rangesOverH2cAreServed() throws Exception {
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_2)
            .build();
    long[][] ranges = {{100_000, 3_000_000}, {PART - 70_000, PART + 70_000}};
    for (String cid : List.of(rawCid, multipartCid)) {
      for (long[] r : ranges) {
        java.net.http.HttpResponse<byte[]> resp =
            client.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + node.httpPort() + "/1/" + cid))
                    .header("Range", "bytes=" + r[0] + "-" + r[1])
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(resp.statusCode()).as("%s %s", cid, r[0]).isEqualTo(206);
        assertThat(resp.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        byte[] want = new byte[(int) (r[1] - r[0] + 1)];
        for (int i = 0; i < want.length; i++) {
          want[i] = part[(int) ((r[0] + i) % PART)];
        }
        assertThat(java.util.Arrays.equals(resp.body(), want))
            .as("bytes %d-%d of %s", r[0], r[1], cid)
            .isTrue();
      }
    }
  }

  private void assertReadAllocatesLittle(String path) throws Exception {
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    expected.update(part);
    expected.update(part);
    byte[] want = expected.digest();
    // once to warm up (class loading, JIT, first-use caches), then measured
    assertThat(get(path)).isEqualTo(want);
    Map<Long, Long> before = allocatedByThread();
    assertThat(get(path)).isEqualTo(want);
    Map<Long, Long> after = allocatedByThread();
    long allocated = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      allocated += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    assertThat(allocated)
        .as("heap bytes the node allocated while serving %d bytes", READ)
        .isLessThan(ALLOWED_ALLOCATION);
  }

  /** Bytes allocated so far by each live thread but this one. */
  private static Map<Long, Long> allocatedByThread() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().threadId();
    long[] ids = mx.getAllThreadIds();
    long[] bytes = mx.getThreadAllocatedBytes(ids);
    Map<Long, Long> out = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != self && bytes[i] >= 0) {
        out.put(ids[i], bytes[i]);
      }
    }
    return out;
  }

  /** GET over a plain socket; returns the SHA-256 of the body, checking status and length. */
  private byte[] get(String path) throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.httpPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int c = in.read();
        assertThat(c).as("end of headers").isNotNegative();
        head.write(c);
        matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
      }
      String headers = head.toString(StandardCharsets.US_ASCII);
      assertThat(headers)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("content-length: " + READ);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        total += n;
      }
      assertThat(total).isEqualTo(READ);
      return sha.digest();
    }
  }
}
