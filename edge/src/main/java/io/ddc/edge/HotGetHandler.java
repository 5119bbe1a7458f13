package io.ddc.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Answers hot gateway reads on an HTTP/1.x connection inside its Netty pipeline, before Vert.x
 * builds request and response objects for them (decision 0006): a token-less {@code GET} or {@code
 * HEAD} of a path {@link HotPieces} keeps, whose bucket may be read at once, is answered with the
 * entry's ready wire bytes ({@link HotPieces.Entry#answerToGet}) in one buffer. Everything else,
 * and every request while Vert.x still owes an earlier answer on the connection, goes on to Vert.x
 * unchanged, so answers leave in the order their requests came (HTTP/1.1 pipelining).
 *
 * <p>Two handlers share one connection's {@link State}: {@code answer} sits between Vert.x's
 * request decoder and response encoder (its writes skip the encoder), {@code track} right before
 * Vert.x's connection handler, where it counts the requests passed on and the answers Vert.x
 * finishes. Both run on the connection's event loop.
 */
final class HotGetHandler {
  /** Vert.x's names of its HTTP/1.x pipeline handlers. */
  static final String DECODER = "httpDecoder";

  static final String VERTX = "handler";

  private static final String ANSWER = "ddcHotAnswer";
  private static final String TRACK = "ddcHotTrack";

  private HotGetHandler() {}

  /** Where the answers come from ({@link HttpGateway}). */
  interface Source {
    /**
     * The kept answer for a token-less read of {@code path} (the request's path, not decoded) when
     * its bucket lets anyone read it now, else null.
     */
    HotPieces.Entry hotAllowedNow(String path);

    /** Meters an answer written here, {@code bytes} of body, timed from {@code started}. */
    void meterHot(long started, long bytes);
  }

  /**
   * Puts the two handlers into {@code conn}'s pipeline when it is an HTTP/1.x connection of
   * Vert.x's (its decoder and handler are there); does nothing otherwise (HTTP/2, a pipeline of
   * another shape). Call from the server's connection handler, on the connection's event loop.
   */
  static boolean install(HttpConnection conn, Source gateway) {
    return conn instanceof ConnectionBase base
        && install(base.channelHandlerContext().pipeline(), gateway);
  }

  /** Puts the two handlers into {@code p} when it has Vert.x's decoder and handler. */
  static boolean install(ChannelPipeline p, Source gateway) {
    if (p.get(DECODER) == null || p.get(VERTX) == null || p.get(ANSWER) != null) {
      return false;
    }
    State state = new State();
    p.addAfter(DECODER, ANSWER, new Answer(gateway, state));
    p.addBefore(VERTX, TRACK, new Track(state));
    return true;
  }

  /** One connection's state; touched only on its event loop. */
  static final class State {
    /** Requests passed to Vert.x whose final answer it has not written yet. */
    int owed;

    /** The request just answered here still has its (empty) end to come, to be dropped. */
    boolean dropping;

    /** Something was written here since the last flush. */
    boolean written;
  }

  /** Answers hot reads, between the decoder and the encoder. */
  static final class Answer extends ChannelInboundHandlerAdapter {
    private final Source gateway;
    private final State state;

    Answer(Source gateway, State state) {
      this.gateway = gateway;
      this.state = state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (state.dropping && msg instanceof HttpContent content) {
        state.dropping = !(msg instanceof LastHttpContent);
        content.release();
        return;
      }
      if (state.owed == 0 && msg instanceof HttpRequest req && !(msg instanceof HttpContent)) {
        long started = System.nanoTime();
        HotPieces.Entry e = answerable(ctx, req);
        if (e != null) {
          boolean head = req.method() == HttpMethod.HEAD;
          ctx.write(
              (head ? e.answerToHead() : e.answerToGet()).retainedDuplicate(), ctx.voidPromise());
          state.written = true;
          state.dropping = true;
          gateway.meterHot(started, head ? 0 : e.size());
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (state.written) {
        state.written = false;
        ctx.flush();
      }
      ctx.fireChannelReadComplete();
    }

    /**
     * The entry for a plain request: HTTP/1.1, GET or HEAD, a path without query, no body, none of
     * the headers that change the answer or the connection (range, conditional, expect, upgrade, a
     * connection header other than the keep-alive browsers send), a connection that takes writes
     * now, and a kept piece its bucket lets anyone read at once. Null for anything else.
     */
    private HotPieces.Entry answerable(ChannelHandlerContext ctx, HttpRequest req) {
      HttpMethod m = req.method();
      if ((m != HttpMethod.GET && m != HttpMethod.HEAD)
          || req.protocolVersion() != HttpVersion.HTTP_1_1
          || !req.decoderResult().isSuccess()
          || !ctx.channel().isWritable()) {
        return null;
      }
      String uri = req.uri();
      if (uri.isEmpty() || uri.charAt(0) != '/' || uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
        return null;
      }
      HttpHeaders h = req.headers();
      if (h.contains(HttpHeaderNames.RANGE)
          || h.contains(HttpHeaderNames.IF_NONE_MATCH)
          || h.contains(HttpHeaderNames.EXPECT)
          || h.contains(HttpHeaderNames.UPGRADE)
          || h.contains(HttpHeaderNames.TRANSFER_ENCODING)
          || h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return null;
      }
      String connection = h.get(HttpHeaderNames.CONNECTION);
      if (connection != null && !HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(connection)) {
        return null; // close, upgrade, or a list: Vert.x decides
      }
      return gateway.hotAllowedNow(uri);
    }
  }

  /** Counts what Vert.x owes, right before its connection handler. */
  static final class Track extends ChannelDuplexHandler {
    private final State state;

    Track(State state) {
      this.state = state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        state.owed++;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof LastHttpContent
          && !(msg instanceof HttpResponse r
              && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)
          && state.owed > 0) {
        state.owed--;
      }
      ctx.write(msg, promise);
    }
  }
}
