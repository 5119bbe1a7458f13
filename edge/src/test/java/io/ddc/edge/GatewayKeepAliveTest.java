package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request on a kept-alive HTTP/1.1 connection is answered (decision 0054). Driven by the
 * JDK's client, and by a Vert.x client whose requests all start on one Vert.x context; a Vert.x
 * client driven from a plain thread loses answers by itself and is not used for this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayKeepAliveTest {
  static final int REQUESTS = 1500;

  @TempDir static Path dir;
  Vertx vertx;
  DdcNode node;
  byte[] data;
  String path;

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
    data = new byte[4096];
    new Random(3).nextBytes(data);
    GrpcTestClient grpc = new GrpcTestClient(vertx, node.grpcPort());
    List<io.vertx.core.buffer.Buffer> msgs = new ArrayList<>();
    msgs.add(
        io.vertx.core.buffer.Buffer.buffer(
            io.ddc.protocol.proto.file.PutRawPieceRequest.newBuilder()
                .setMetadata(
                    io.ddc.protocol.proto.file.PutRawPieceRequest.Metadata.newBuilder()
                        .setBucketId(1)
                        .setSize(data.length))
                .build()
                .toByteArray()));
    msgs.addAll(NodeApiTest.contentMessages(data));
    java.util.Map<String, String> md = new java.util.HashMap<>();
    md.put("token", TestKeys.defaultToken(ALICE));
    GrpcTestClient.Reply r = grpc.call("/file.FileApi/putRawPiece", md, msgs);
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    path = "/1/" + Cid.compute(Cid.Codec.RAW, data);
  }

  @AfterAll
  void stop() {
    node.close().await();
    vertx.close().await();
  }

  @Test
  void everyRequestOnOneKeptAliveConnectionIsAnswered() throws Exception {
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    HttpRequest piece =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/info"))
            .timeout(Duration.ofSeconds(10))
            .build();
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<byte[]> r =
          client.send(i % 10 == 9 ? info : piece, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
      if (i % 10 != 9) {
        assertThat(r.body()).as("request %d", i).isEqualTo(data);
      }
    }
  }

  @Test
  void aVertxClientOnOneContextGetsEveryAnswer() throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    AtomicInteger answered = new AtomicInteger();
    java.util.concurrent.CompletableFuture<Void> done =
        new java.util.concurrent.CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> next(client, answered, done));
    done.get(50, TimeUnit.SECONDS);
    assertThat(answered.get()).isEqualTo(REQUESTS);
  }

  /** One request after the other, each started on the context the previous one ended on. */
  private void next(
      HttpClient client,
      AtomicInteger answered,
      java.util.concurrent.CompletableFuture<Void> done) {
    if (answered.get() == REQUESTS) {
      done.complete(null);
      return;
    }
    client
        .request(HttpMethod.GET, node.httpPort(), "127.0.0.1", path)
        .compose(r -> r.send())
        .compose(r -> r.body().map(b -> r.statusCode() == 200 && b.length() == data.length))
        .onComplete(
            ar -> {
              if (ar.failed() || !ar.result()) {
                done.completeExceptionally(
                    new AssertionError("request " + answered.get() + " failed", ar.cause()));
                return;
              }
              answered.incrementAndGet();
              next(client, answered, done);
            });
  }

  @Test
  void hotReadsAreAnsweredInThePipelineWithVertxsBytesAndInOrder() throws Exception {
    // the first read keeps the piece
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.httpPort())) {
      s.getOutputStream().write(request(path));
      assertThat(readAnswer(s.getInputStream())).contains("HTTP/1.1 200 OK");
    }
    long before = directAnswers();
    // a connection's first request always reaches Vert.x (with h2c on, its connection handler
    // runs only once that request showed the connection is HTTP/1.1)
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.httpPort())) {
      s.getOutputStream().write(request(path));
      assertThat(readAnswer(s.getInputStream())).contains("HTTP/1.1 200 OK");
    }
    assertThat(directAnswers()).isEqualTo(before);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.httpPort())) {
      java.io.InputStream in = s.getInputStream();
      // with a query the request reaches Vert.x and its hot path; without, the pipeline answers
      s.getOutputStream().write(request(path + "?via=vertx"));
      String viaVertx = readAnswer(in);
      assertThat(directAnswers()).isEqualTo(before);
      s.getOutputStream().write(request(path));
      String direct = readAnswer(in);
      assertThat(directAnswers()).isEqualTo(before + 1);
      assertThat(direct).isEqualTo(viaVertx).endsWith(new String(data, ISO));
      // a browser's keep-alive header changes neither the answer nor who writes it
      s.getOutputStream().write(request(path + "?via=vertx", "connection: keep-alive\r\n"));
      assertThat(readAnswer(in)).isEqualTo(direct);
      s.getOutputStream().write(request(path, "connection: keep-alive\r\n"));
      assertThat(readAnswer(in)).isEqualTo(direct);
      assertThat(directAnswers()).isEqualTo(before + 2);
      // pipelined: each answer in the order of its request, whoever writes it
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      all.write(request(path, "range: bytes=0-9\r\n"));
      all.write(request(path));
      all.write(request("/info"));
      all.write(request(path));
      s.getOutputStream().write(all.toByteArray());
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 206").endsWith(new String(data, 0, 10, ISO));
      assertThat(readAnswer(in)).isEqualTo(direct);
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200").contains("nodeId");
      assertThat(readAnswer(in)).isEqualTo(direct);
    }
  }

  static final java.nio.charset.Charset ISO = java.nio.charset.StandardCharsets.ISO_8859_1;

  static byte[] request(String target, String... headerLines) {
    return ("GET "
            + target
            + " HTTP/1.1\r\nhost: 127.0.0.1\r\n"
            + String.join("", headerLines)
            + "\r\n")
        .getBytes(ISO);
  }

  /** One HTTP/1.1 answer with a content-length, head and body, as text (ISO-8859-1). */
  static String readAnswer(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed after " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    return head + new String(in.readNBytes(length), ISO);
  }

  /** The node's count of hot answers written before Vert.x, from /metrics. */
  long directAnswers() throws Exception {
    String text =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^ddc_gateway_hot_direct_answers_total (\\S+)$")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
