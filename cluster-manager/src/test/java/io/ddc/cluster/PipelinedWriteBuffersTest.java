package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.getOnContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The streams of a {@link PipelinedWrite} share one direct copy of each chunk, and that copy is
 * released once every stream has written it or failed, also when a replica drops its connection
 * half-way. Runs against a plain HTTP server standing in for the replicas' P2P port, which answers
 * the CID of what it received; the requests are made from a Vert.x context, as the nodes make them
 * (decision 0055).
 */
@Timeout(60)
class PipelinedWriteBuffersTest {
  private Vertx vertx;
  private HttpServer server;
  private HttpClientAgent client;

  /** Counts the direct memory of the buffers it made that are not released yet. */
  private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        get(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      if (req.path().equals("/drop")) {
                        req.handler(b -> req.connection().close());
                        return;
                      }
                      req.body()
                          .onSuccess(
                              b ->
                                  req.response()
                                      .end(Cid.compute(Cid.Codec.RAW, b.getBytes()).toString()));
                    })
                .listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    get(vertx.close());
  }

  private Future<PipelinedWrite> open(String... paths) {
    List<Future<PipelinedWrite.Leg>> legs = new ArrayList<>();
    for (String path : paths) {
      NodeDescriptor peer =
          new NodeDescriptor(
              "ab".repeat(32), "127.0.0.1", server.actualPort(), 1, NodeMode.STORAGE);
      legs.add(
          client
              .request(HttpMethod.PUT, server.actualPort(), "127.0.0.1", path)
              .map(
                  req -> {
                    req.setChunked(true);
                    return new PipelinedWrite.Leg(peer, req, reply(req));
                  }));
    }
    return Future.all(legs)
        .map(all -> new PipelinedWrite(1, all.<PipelinedWrite.Leg>list(), size -> false, alloc));
  }

  private static Future<Cid> reply(HttpClientRequest req) {
    return req.response().compose(r -> r.body()).map(b -> Cid.parse(b.toString()));
  }

  /** {@code bytes} as 64 KiB chunks, each made of two heap parts, as a received gRPC message. */
  private static List<Buffer> chunks(byte[] bytes) {
    List<Buffer> out = new ArrayList<>();
    for (int off = 0; off < bytes.length; off += 65_536) {
      int end = Math.min(bytes.length, off + 65_536);
      int mid = off + (end - off) / 3;
      CompositeByteBuf c = Unpooled.compositeBuffer();
      c.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, off, mid)));
      c.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, mid, end)));
      out.add(BufferInternal.buffer((ByteBuf) c));
    }
    return out;
  }

  private static byte[] content(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void everyStreamGetsTheBytesAndTheSharedCopiesAreReleased() throws Exception {
    byte[] data = content(1_000_003);
    PipelinedWrite w = getOnContext(vertx, () -> open("/a", "/b"));
    getOnContext(
        vertx,
        () -> {
          for (Buffer c : chunks(data)) {
            w.write(c);
          }
          w.end(data.length);
          return Future.succeededFuture();
        });
    for (PipelinedWrite.Leg l : w.legs()) {
      assertThat(get(l.reply())).isEqualTo(Cid.compute(Cid.Codec.RAW, data));
    }
    await(
        () -> alloc.metric().usedDirectMemory() == 0,
        Duration.ofSeconds(10),
        "every shared copy is released (" + alloc.metric().usedDirectMemory() + " bytes held)");
  }

  @Test
  void aDroppedStreamReleasesItsShareAndTheOtherStreamCompletes() throws Exception {
    byte[] data = content(2_000_000);
    PipelinedWrite w = getOnContext(vertx, () -> open("/a", "/drop"));
    List<Buffer> chunks = chunks(data);
    getOnContext(
        vertx,
        () -> {
          w.write(chunks.get(0));
          return Future.succeededFuture();
        });
    PipelinedWrite.Leg dropped = w.legs().get(1);
    await(() -> dropped.reply().failed(), Duration.ofSeconds(10), "the dropped stream failed");
    getOnContext(
        vertx,
        () -> {
          for (Buffer c : chunks.subList(1, chunks.size())) {
            w.write(c);
          }
          w.end(data.length);
          return Future.succeededFuture();
        });
    assertThat(get(w.legs().get(0).reply())).isEqualTo(Cid.compute(Cid.Codec.RAW, data));
    await(
        () -> alloc.metric().usedDirectMemory() == 0,
        Duration.ofSeconds(10),
        "every shared copy is released");
  }
}
