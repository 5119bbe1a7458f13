package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HotGetHandler} in a pipeline shaped like Vert.x's HTTP/1.x one (decoder, encoder, a
 * stand-in for Vert.x's handler that answers when told), so that what is answered where, and in
 * which order, can be seen byte for byte.
 */
class HotGetHandlerTest {
  static final String PATH = "/1/kept";

  HotPieces hot;
  HotPieces.Entry entry;
  byte[] body;
  final Set<String> refused = new HashSet<>();
  final List<Long> metered = new ArrayList<>();
  final List<HttpRequest> toVertx = new ArrayList<>();
  EmbeddedChannel ch;

  @BeforeEach
  void setUp() {
    body = new byte[4096];
    new Random(5).nextBytes(body);
    hot = new HotPieces();
    entry =
        hot.put(
            PATH,
            1,
            Cid.compute(Cid.Codec.RAW, body),
            ByteBuffer.wrap(body),
            "application/octet-stream");
    HotGetHandler.Source source =
        new HotGetHandler.Source() {
          @Override
          public HotPieces.Entry hotAllowedNow(String path) {
            return refused.contains(path) ? null : hot.get(path);
          }

          @Override
          public void meterHot(long started, long bytes) {
            metered.add(bytes);
          }
        };
    ch = new EmbeddedChannel();
    ch.pipeline()
        .addLast(HotGetHandler.DECODER, new HttpRequestDecoder())
        .addLast("httpEncoder", new HttpResponseEncoder())
        .addLast(
            HotGetHandler.VERTX,
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest r) {
                  toVertx.add(r);
                }
                ReferenceCountUtil.release(msg);
              }
            });
    assertThat(HotGetHandler.install(ch.pipeline(), source)).isTrue();
    assertThat(HotGetHandler.install(ch.pipeline(), source)).as("once per connection").isFalse();
  }

  void send(String requests) {
    ch.writeInbound(Unpooled.copiedBuffer(requests, StandardCharsets.ISO_8859_1));
  }

  static String get(String path, String... headerLines) {
    return "GET " + path + " HTTP/1.1\r\nhost: a\r\n" + String.join("", headerLines) + "\r\n";
  }

  /** Everything written to the socket since the last call. */
  byte[] written() {
    ByteBuf all = Unpooled.buffer();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      all.writeBytes((ByteBuf) o);
      ((ByteBuf) o).release();
    }
    return ByteBufUtil.getBytes(all);
  }

  /** What Vert.x answers for a request it was given (the stand-in writes it). */
  void vertxAnswers(String text, HttpResponseStatus status) {
    var r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, text.length());
    ch.pipeline().context(HotGetHandler.VERTX).writeAndFlush(r);
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void aKeptPieceIsAnsweredWithItsWireBytesAndNeverReachesVertx() {
    send(get(PATH));
    byte[] out = written();
    assertThat(out).isEqualTo(ByteBufUtil.getBytes(entry.answerToGet()));
    String text = ascii(out);
    assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\ncontent-length: 4096\r\n");
    assertThat(text).contains("\r\netag: \"" + entry.cid() + "\"\r\n");
    int bodyAt = text.indexOf("\r\n\r\n") + 4;
    assertThat(java.util.Arrays.copyOfRange(out, bodyAt, out.length)).isEqualTo(body);
    assertThat(toVertx).isEmpty();
    assertThat(metered).containsExactly(4096L);
    // the request's end was dropped here: the next one is answered the same way
    send(get(PATH) + get(PATH));
    assertThat(written()).hasSize(2 * out.length);
    assertThat(toVertx).isEmpty();
    // the entry's buffer is shared, not given away
    assertThat(entry.answerToGet().refCnt()).isEqualTo(1);
    assertThat(entry.answerToGet().readableBytes()).isEqualTo(out.length);
    // what browsers send on every HTTP/1.1 request
    send(get(PATH, "Connection: keep-alive\r\n", "accept: */*\r\n"));
    assertThat(written()).isEqualTo(out);
    assertThat(toVertx).isEmpty();
  }

  @Test
  void headGetsTheHeadersAlone() {
    send("HEAD " + PATH + " HTTP/1.1\r\nhost: a\r\n\r\n");
    byte[] out = written();
    assertThat(ascii(out))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .endsWith("content-length: 4096\r\n\r\n");
    assertThat(out.length).isEqualTo(entry.answerToGet().readableBytes() - body.length);
    assertThat(metered).containsExactly(0L);
  }

  @Test
  void anythingButAPlainReadOfAKeptPathGoesToVertx() {
    List<String> requests =
        List.of(
            get("/1/other"),
            get(PATH + "?token=x"),
            get(PATH, "range: bytes=0-9\r\n"),
            get(PATH, "if-none-match: \"x\"\r\n"),
            get(PATH, "connection: close\r\n"),
            get(PATH, "expect: 100-continue\r\n"),
            get(PATH, "upgrade: websocket\r\n"),
            get(PATH, "content-length: 0\r\n"),
            "GET " + PATH + " HTTP/1.0\r\n\r\n",
            "POST " + PATH + " HTTP/1.1\r\nhost: a\r\ncontent-length: 0\r\n\r\n",
            "OPTIONS " + PATH + " HTTP/1.1\r\nhost: a\r\n\r\n");
    for (String r : requests) {
      toVertx.clear();
      send(r);
      assertThat(toVertx).as(r).hasSize(1);
      assertThat(written()).as(r).isEmpty();
      vertxAnswers("x", HttpResponseStatus.OK);
      written();
    }
    refused.add(PATH); // e.g. a private bucket, or its owner's debt not known yet
    toVertx.clear();
    send(get(PATH));
    assertThat(toVertx).hasSize(1);
    assertThat(metered).isEmpty();
  }

  @Test
  void whileVertxOwesAnAnswerLaterRequestsQueueBehindIt() {
    // pipelined: a request Vert.x answers later, then two hot ones
    send(get("/1/slow") + get(PATH) + get(PATH));
    assertThat(toVertx).extracting(HttpRequest::uri).containsExactly("/1/slow", PATH, PATH);
    assertThat(written()).isEmpty();
    vertxAnswers("slow", HttpResponseStatus.OK);
    vertxAnswers("second", HttpResponseStatus.OK);
    String answers = ascii(written());
    assertThat(answers)
        .startsWith("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nslow")
        .endsWith("second");
    // Vert.x still owes the third: a fourth queues behind it
    send(get(PATH));
    assertThat(toVertx).hasSize(4);
    assertThat(written()).isEmpty();
    vertxAnswers("third", HttpResponseStatus.OK);
    vertxAnswers("fourth", HttpResponseStatus.OK);
    assertThat(ascii(written())).contains("third").endsWith("fourth");
    // all answered: the next hot read is answered here again
    send(get(PATH));
    assertThat(toVertx).hasSize(4);
    assertThat(written()).isEqualTo(ByteBufUtil.getBytes(entry.answerToGet()));
  }

  @Test
  void anInterimAnswerDoesNotSettleARequest() {
    send("PUT /1/x HTTP/1.1\r\nhost: a\r\nexpect: 100-continue\r\ncontent-length: 2\r\n\r\n");
    assertThat(toVertx).hasSize(1);
    vertxAnswers("", HttpResponseStatus.CONTINUE);
    written();
    send("ab" + get(PATH));
    assertThat(toVertx).as("the hot read waits for the PUT's answer").hasSize(2);
    assertThat(written()).isEmpty();
    vertxAnswers("put", HttpResponseStatus.CREATED);
    vertxAnswers("hot", HttpResponseStatus.OK);
    written();
    send(get(PATH));
    assertThat(toVertx).hasSize(2);
    assertThat(written()).isEqualTo(ByteBufUtil.getBytes(entry.answerToGet()));
  }

  @Test
  void theWireBytesAreTheHeadersVertxWouldWrite() {
    assertThat(ascii(HotPieces.statusAndHeaders(entry.headers())))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\n"
                + "access-control-allow-origin: *\r\n"
                + "etag: \""
                + entry.cid()
                + "\"\r\n"
                + "accept-ranges: bytes\r\n"
                + "cache-control: "
                + HttpGateway.IMMUTABLE
                + "\r\n"
                + "content-type: application/octet-stream\r\n"
                + "x-content-type-options: nosniff\r\n"
                + "content-length: 4096\r\n\r\n");
    assertThat(ByteBufUtil.getBytes(entry.body())).isEqualTo(body);
  }

  @Test
  void theEndOfARequestWithABodyIsNotMistakenForAnother() {
    // LastHttpContent of a forwarded request passes on to Vert.x untouched
    List<Object> seen = new ArrayList<>();
    ch.pipeline()
        .addBefore(
            HotGetHandler.VERTX,
            "spy",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg.getClass());
                ctx.fireChannelRead(msg);
              }
            });
    send("POST /1/x HTTP/1.1\r\nhost: a\r\ncontent-length: 3\r\n\r\nabc");
    assertThat(seen).hasSize(2);
    assertThat(LastHttpContent.class.isAssignableFrom((Class<?>) seen.get(1))).isTrue();
  }
}
