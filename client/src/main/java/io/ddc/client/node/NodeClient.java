package io.ddc.client.node;

import com.google.protobuf.ByteString;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.grpc.LengthDelimited;
import io.ddc.protocol.grpc.MessageDeframer;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.cns.Record;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.file.GetFileRequest;
import io.ddc.protocol.proto.file.GetFileResponse;
import io.ddc.protocol.proto.file.PutMultiPartPieceRequest;
import io.ddc.protocol.proto.file.PutMultiPartPieceResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One DDC node's gRPC API (node-protocol.md §3–§4), called as the official client calls it:
 * cleartext HTTP/2, {@code token}/{@code request}/{@code correlation-id} metadata on every call,
 * uploads in 4 091 904-byte messages sent only after the response headers arrived, downloads
 * acknowledged per data message. Every failure is a {@link NodeCallException} carrying the node's
 * status.
 */
public final class NodeClient implements AutoCloseable {
  /** Data bytes per upload message, as the official client sends them. */
  public static final int CONTENT_CHUNK = 4_091_904;

  /** Largest raw piece. */
  public static final long MAX_PIECE = 128L * 1024 * 1024;

  /** HTTP/2 receive window per stream: 8 MiB. */
  static final int STREAM_WINDOW = 8 * 1024 * 1024;

  /** HTTP/2 receive window per connection: 32 MiB. */
  static final int CONNECTION_WINDOW = 32 * 1024 * 1024;

  private static final ServiceName FILE = ServiceName.create("file", "FileApi");
  private static final ServiceName DAG = ServiceName.create("dag", "DagApi");
  private static final ServiceName CNS = ServiceName.create("cns", "CnsApi");

  private static final ServiceMethod<PutMultiPartPieceResponse, PutMultiPartPieceRequest>
      PUT_MULTIPART =
          method(FILE, "putMultipartPiece", PutMultiPartPieceResponse.getDefaultInstance());

  private static final ServiceMethod<
          io.ddc.protocol.proto.dag.PutResponse, io.ddc.protocol.proto.dag.PutRequest>
      DAG_PUT = method(DAG, "Put", io.ddc.protocol.proto.dag.PutResponse.getDefaultInstance());
  private static final ServiceMethod<
          io.ddc.protocol.proto.dag.GetResponse, io.ddc.protocol.proto.dag.GetRequest>
      DAG_GET = method(DAG, "Get", io.ddc.protocol.proto.dag.GetResponse.getDefaultInstance());
  private static final ServiceMethod<
          io.ddc.protocol.proto.cns.PutResponse, io.ddc.protocol.proto.cns.PutRequest>
      CNS_PUT = method(CNS, "Put", io.ddc.protocol.proto.cns.PutResponse.getDefaultInstance());
  private static final ServiceMethod<
          io.ddc.protocol.proto.cns.GetResponse, io.ddc.protocol.proto.cns.GetRequest>
      CNS_GET = method(CNS, "Get", io.ddc.protocol.proto.cns.GetResponse.getDefaultInstance());

  /** A client-side method of {@code service} whose responses decode as {@code responseType}. */
  private static <Q extends com.google.protobuf.MessageLite, S extends com.google.protobuf.Message>
      ServiceMethod<S, Q> method(ServiceName service, String name, S responseType) {
    return ServiceMethod.client(
        service,
        name,
        GrpcMessageEncoder.<Q>encoder(),
        GrpcMessageDecoder.<S>decoder(responseType));
  }

  private final Vertx vertx;
  private final String name;
  private final SocketAddress address;
  private final NodeClientOptions options;
  private final ActivitySigner activity;
  private final GrpcClient grpc;

  /**
   * The HTTP/2 client of the two calls that move a piece's bytes, getFile and putRawPiece, which
   * the client frames and deframes itself: a download's 1 MiB messages are cut out of the received
   * frames instead of being assembled by vertx-grpc, an upload's messages are the caller's buffers
   * behind a few header bytes, and bulk transfers do not share a connection window with the other
   * calls.
   */
  private final io.vertx.core.http.HttpClient streams;

  private NodeClient(
      Vertx vertx, String grpcUrl, SocketAddress address, NodeClientOptions options) {
    this.vertx = vertx;
    this.name = grpcUrl;
    this.address = address;
    this.options = options;
    this.activity =
        options.signer() == null ? null : new ActivitySigner(options.signer(), options.clock());
    HttpClientOptions http =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2)
            // HTTP/2's default 64 KiB stream window would allow one 1 MiB data message per
            // round trip of window updates; downloads need room for several messages in flight.
            .setInitialSettings(new Http2Settings().setInitialWindowSize(STREAM_WINDOW))
            .setHttp2ConnectionWindowSize(CONNECTION_WINDOW)
            .setHttp2ClearTextUpgrade(false)
            .setConnectTimeout((int) options.timeout().toMillis());
    this.grpc =
        GrpcClient.client(
            vertx, new GrpcClientOptions().setMaxMessageSize(16L * 1024 * 1024), http);
    this.streams = vertx.createHttpClient(new HttpClientOptions(http));
  }

  /**
   * A client for the node at {@code grpcUrl} ({@code grpc://host:port}, the form of {@code
   * devnet.json} and the chain's node records).
   */
  public static NodeClient create(Vertx vertx, String grpcUrl, NodeClientOptions options) {
    URI u = URI.create(grpcUrl.trim());
    if (!"grpc".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
      throw new IllegalArgumentException(
          "a node's gRPC URL looks like grpc://host:port, '" + grpcUrl + "' given");
    }
    return new NodeClient(
        vertx, grpcUrl, SocketAddress.inetSocketAddress(u.getPort(), u.getHost()), options);
  }

  /** The node's gRPC URL. */
  public String node() {
    return name;
  }

  // ------------------------------------------------------------------ file.FileApi

  /** Stores {@code content} (1 byte to 128 MiB) as one raw piece and returns its CID. */
  public Future<Cid> putRawPiece(long bucketId, Buffer content, String correlationId) {
    return putRawPiece(bucketId, content, null, correlationId);
  }

  /**
   * Stores {@code content} as one raw piece; {@code multipartOffset} marks it as a part of a larger
   * file starting at that byte (null for a whole file).
   */
  public Future<Cid> putRawPiece(
      long bucketId, Buffer content, Long multipartOffset, String correlationId) {
    if (content.length() == 0 || content.length() > MAX_PIECE) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "a piece holds 1 byte to 128 MiB, " + content.length() + " bytes given"));
    }
    return putRawPiece(
        bucketId, new BufferSource(content), content.length(), multipartOffset, correlationId);
  }

  /**
   * Streams a piece of {@code declaredSize} bytes (a hint, as in the official client) from {@code
   * source}, with back-pressure; the source is read only after the node accepted the call.
   *
   * <p>The call goes out on the client's own HTTP/2 stream, framed here (node-protocol.md §2.2,
   * decision 0005): each upload message is the source's buffers behind a few header bytes, sent as
   * one composite, never copied into a message buffer first.
   */
  public Future<Cid> putRawPiece(
      long bucketId,
      ReadStream<Buffer> source,
      long declaredSize,
      Long multipartOffset,
      String correlationId) {
    source.pause();
    PutRawPieceRequest.Metadata.Builder md =
        PutRawPieceRequest.Metadata.newBuilder().setBucketId(bucketId).setSize(declaredSize);
    if (multipartOffset != null) {
      md.setIsMultipart(true).setOffset(multipartOffset);
    }
    String method = "file.FileApi/putRawPiece";
    return streams
        .request(rawCall(method))
        .recover(e -> Future.failedFuture(unreachable(method, e)))
        .compose(
            req -> {
              req.setChunked(true)
                  .putHeader("content-type", "application/grpc")
                  .putHeader("te", "trailers");
              metadata(
                  req.headers(),
                  ActivityRequest.RequestType.REQUEST_TYPE_STORE,
                  bucketId,
                  null,
                  0,
                  declaredSize,
                  correlationId);
              req.write(framed(PutRawPieceRequest.newBuilder().setMetadata(md).build()));
              Promise<Cid> result = Promise.promise();
              // The body's handler is set in the same turn as the headers arrive (see getFile).
              whenHeaders(req, method, result, resp -> upload(req, resp, source, method));
              return result.future();
            });
  }

  /** A raw gRPC call of {@code method} on this client's node (no timeout: see whenHeaders). */
  private io.vertx.core.http.RequestOptions rawCall(String method) {
    return new io.vertx.core.http.RequestOptions()
        .setMethod(io.vertx.core.http.HttpMethod.POST)
        .setServer(address)
        .setHost(address.host())
        .setPort(address.port())
        .setURI("/" + method)
        .setTimeout(-1);
  }

  /**
   * Completes {@code result} with what {@code then} makes of the response once its headers arrived,
   * or fails it when they do not arrive within the client's timeout (the stream is then reset) or
   * the request fails first. {@code then} runs in the same turn as the headers arrive (no future
   * hop between them), so it sets the body's handler before any DATA frame can come.
   */
  private <T> void whenHeaders(
      io.vertx.core.http.HttpClientRequest req,
      String method,
      Promise<T> result,
      java.util.function.Function<io.vertx.core.http.HttpClientResponse, Future<T>> then) {
    long timer =
        vertx.setTimer(
            options.timeout().toMillis(),
            t -> {
              if (result.tryFail(
                  transportFailure(method, new java.util.concurrent.TimeoutException(), false))) {
                req.reset();
              }
            });
    req.response()
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (result.future().isComplete()) {
                return;
              }
              if (ar.failed()) {
                req.reset();
                result.tryFail(transportFailure(method, ar.cause(), false));
                return;
              }
              then.apply(ar.result()).onComplete(result);
            });
  }

  /**
   * Sends the source as upload messages once the node accepted the call (its headers arrived
   * without a status), then reads the one response message and the status in the trailers. A node
   * that ends the call before the upload did (a full disk, say) stops the source, and its status is
   * the failure.
   */
  private Future<Cid> upload(
      io.vertx.core.http.HttpClientRequest req,
      io.vertx.core.http.HttpClientResponse resp,
      ReadStream<Buffer> source,
      String method) {
    NodeCallException refused = statusFailure(method, resp, resp.headers(), false, false);
    if (refused != null) {
      req.reset();
      return Future.failedFuture(refused);
    }
    Promise<Cid> result = Promise.promise();
    List<Buffer> replies = new ArrayList<>();
    Throwable[] broken = {null};
    MessageDeframer deframer = new MessageDeframer(MAX_RESPONSE_MESSAGE, replies::add);
    Chunker chunker =
        new Chunker(req, source, e -> result.tryFail(transportFailure(method, e, false)));
    resp.handler(
        piece -> {
          if (broken[0] != null) {
            return;
          }
          try {
            deframer.feed(piece);
          } catch (RuntimeException e) {
            broken[0] = e;
            chunker.abort();
          }
        });
    resp.end()
        .onComplete(
            done -> {
              chunker.abort(); // no-op once the whole upload was sent
              if (broken[0] != null) {
                result.tryFail(transportFailure(method, broken[0], false));
                return;
              }
              if (done.failed()) {
                result.tryFail(transportFailure(method, done.cause(), false));
                return;
              }
              try {
                deframer.end();
              } catch (IllegalStateException e) {
                result.tryFail(transportFailure(method, e, false));
                return;
              }
              NodeCallException status = statusFailure(method, resp, resp.trailers(), true, false);
              if (status != null) {
                result.tryFail(status);
              } else if (!chunker.finished) {
                result.tryFail(
                    new NodeCallException(
                        name, method, 13, "the node answered before the upload ended", false));
              } else if (replies.size() != 1) {
                result.tryFail(
                    new NodeCallException(
                        name, method, 13, replies.size() + " response messages, not one", false));
              } else {
                try {
                  PutRawPieceResponse r = PutRawPieceResponse.parseFrom(replies.get(0).getBytes());
                  result.tryComplete(Cid.fromBytes(r.getCid().toByteArray()));
                } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
                  result.tryFail(
                      new NodeCallException(
                          name, method, 13, "undecodable response: " + e.getMessage(), false));
                }
              }
            });
    source.handler(chunker::accept);
    source.exceptionHandler(
        e -> {
          chunker.abort();
          result.tryFail(transportFailure(method, e, false));
        });
    source.endHandler(v -> chunker.finish());
    source.resume();
    return result.future();
  }

  /**
   * Re-chunks a byte stream into upload messages of exactly {@link #CONTENT_CHUNK} bytes (the last
   * one shorter), each written as its gRPC prefix and protobuf header followed by the received
   * buffers themselves.
   */
  private static final class Chunker {
    private final io.vertx.core.http.HttpClientRequest req;
    private final ReadStream<Buffer> source;
    private final Handler<Throwable> refused;

    /** Received buffers not sent yet, in order (references, not copies). */
    private final java.util.ArrayDeque<Buffer> pending = new java.util.ArrayDeque<>();

    private long pendingBytes;
    private long total;
    private boolean aborted;

    /** Whether the whole upload was sent and the request half-closed. */
    boolean finished;

    Chunker(
        io.vertx.core.http.HttpClientRequest req,
        ReadStream<Buffer> source,
        Handler<Throwable> refused) {
      this.req = req;
      this.source = source;
      this.refused = refused;
      req.drainHandler(
          v -> {
            if (!aborted && !finished) {
              source.resume();
            }
          });
    }

    void accept(Buffer b) {
      if (aborted || finished) {
        return;
      }
      total += b.length();
      if (total > MAX_PIECE) {
        abort();
        refused.handle(
            new IllegalArgumentException("a piece holds at most 128 MiB; the stream is longer"));
        return;
      }
      if (b.length() > 0) {
        pending.addLast(b);
        pendingBytes += b.length();
      }
      while (pendingBytes >= CONTENT_CHUNK) {
        send(CONTENT_CHUNK);
      }
      if (req.writeQueueFull()) {
        source.pause();
      }
    }

    void finish() {
      if (aborted || finished) {
        return;
      }
      if (total == 0) {
        abort();
        refused.handle(
            new IllegalArgumentException("a piece holds at least 1 byte; the stream was empty"));
        return;
      }
      if (pendingBytes > 0) {
        send((int) pendingBytes);
      }
      finished = true;
      req.end();
    }

    /** Stops reading the source and resets the stream, unless the upload was sent whole. */
    void abort() {
      if (!aborted && !finished) {
        aborted = true;
        source.pause();
        req.reset();
      }
    }

    /**
     * Writes the next {@code n} pending bytes as one {@code PutRawPieceRequest{content{data}}}
     * message: prefix, field tags and lengths in one small buffer, then the pending buffers (or
     * slices of them), as one read-only composite.
     */
    private void send(int n) {
      int inner = LengthDelimited.headerSize(n) + n;
      int message = LengthDelimited.headerSize(inner) + inner;
      io.netty.buffer.ByteBuf head = io.netty.buffer.Unpooled.buffer(17);
      head.writeByte(0).writeInt(message);
      LengthDelimited.writeHeader(head, 2, inner); // PutRawPieceRequest.content
      LengthDelimited.writeHeader(head, 1, n); // PutRawPieceRequest.Content.data
      List<io.netty.buffer.ByteBuf> parts = new ArrayList<>();
      parts.add(head);
      int need = n;
      while (need > 0) {
        Buffer first = pending.pollFirst();
        if (first.length() > need) {
          pending.addFirst(first.slice(need, first.length()));
          first = first.slice(0, need);
        }
        parts.add(((io.vertx.core.internal.buffer.BufferInternal) first).getByteBuf());
        need -= first.length();
      }
      pendingBytes -= n;
      // A read-only composite, not Netty's fixed one: the transport copies each DATA frame's slice
      // into direct memory through nioBuffer(), which a fixed composite answers by merging the
      // slice into a fresh heap buffer first, even when it lies in one of its parts.
      req.write(
          io.vertx.core.internal.buffer.BufferInternal.buffer(
              io.netty.buffer.Unpooled.wrappedBuffer(parts.toArray(io.netty.buffer.ByteBuf[]::new))
                  .asReadOnly()));
    }
  }

  /**
   * Registers a file stored as parts ({@code parts} in file order) and returns its multipart CID.
   */
  public Future<Cid> putMultipartPiece(
      long bucketId, List<Cid> parts, long partSize, long totalSize, String correlationId) {
    PutMultiPartPieceRequest.Builder b =
        PutMultiPartPieceRequest.newBuilder()
            .setBucketId(bucketId)
            .setTotalSize(totalSize)
            .setPartSize(Long.highestOneBit(partSize - 1) << 1);
    parts.forEach(p -> b.addPartHashes(ByteString.copyFrom(p.digest())));
    PutMultiPartPieceRequest request = b.build();
    long size = request.toBuilder().setPartSize(partSize).build().getSerializedSize();
    return unary(
            PUT_MULTIPART,
            "file.FileApi/putMultipartPiece",
            request,
            ActivityRequest.RequestType.REQUEST_TYPE_STORE,
            bucketId,
            null,
            size,
            correlationId)
        .map(r -> Cid.fromBytes(r.getCid().toByteArray()));
  }

  /**
   * Reads {@code cid} (the whole content when {@code rangeStart < 0}, else the inclusive range),
   * handing each data chunk to {@code sink} in order; the future carries the bytes received.
   */
  public Future<Long> getFile(
      long bucketId,
      Cid cid,
      long rangeStart,
      long rangeEnd,
      Handler<Buffer> sink,
      String correlationId) {
    GetFileRequest.Request.Builder r =
        GetFileRequest.Request.newBuilder()
            .setCid(ByteString.copyFrom(cid.toBytes()))
            .setBucketId(bucketId);
    long claimed = 0;
    if (rangeStart >= 0) {
      if (rangeEnd < rangeStart) {
        return Future.failedFuture(
            new IllegalArgumentException(
                "range end " + rangeEnd + " is before its start " + rangeStart));
      }
      r.setRange(GetFileRequest.Request.Range.newBuilder().setStart(rangeStart).setEnd(rangeEnd));
      claimed = rangeEnd - rangeStart + 1;
    }
    String method = "file.FileApi/getFile";
    long offset = Math.max(rangeStart, 0);
    long size = claimed;
    return streams
        .request(rawCall(method))
        .recover(e -> Future.failedFuture(unreachable(method, e)))
        .compose(
            req -> {
              req.setChunked(true) // HTTP/2 frames the body; Vert.x wants this to allow writes
                  .putHeader("content-type", "application/grpc")
                  .putHeader("te", "trailers");
              ActivityRequest ar =
                  metadata(
                      req.headers(),
                      ActivityRequest.RequestType.REQUEST_TYPE_GET,
                      bucketId,
                      cid.toBytes(),
                      offset,
                      size,
                      correlationId);
              req.write(framed(GetFileRequest.newBuilder().setRequest(r).build()));
              Promise<Long> result = Promise.promise();
              whenHeaders(req, method, result, resp -> download(req, resp, ar, sink, method));
              return result.future();
            });
  }

  /**
   * Receives getFile's response body on the raw HTTP/2 stream: messages are cut out of the received
   * frames without copying ({@link MessageDeframer}), each data message is handed to {@code sink}
   * and acknowledged, and the call's status is read from the headers (a trailers-only response) or
   * the trailers (node-protocol.md §2.2).
   */
  private Future<Long> download(
      io.vertx.core.http.HttpClientRequest req,
      io.vertx.core.http.HttpClientResponse resp,
      ActivityRequest ar,
      Handler<Buffer> sink,
      String method) {
    NodeCallException refused = statusFailure(method, resp, resp.headers(), false, false);
    if (refused != null) {
      req.reset();
      return Future.failedFuture(refused);
    }
    long[] received = {0};
    Throwable[] failed = {null};
    boolean acks = options.acks() && ar != null;
    MessageDeframer deframer =
        new MessageDeframer(
            MAX_RESPONSE_MESSAGE,
            msg -> {
              Buffer chunk;
              try {
                chunk = dataOf(msg);
              } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("undecodable getFile response: " + e.getMessage());
              }
              if (chunk != null) {
                received[0] += chunk.length();
                sink.handle(chunk);
                if (acks) {
                  req.write(
                      framed(
                          GetFileRequest.newBuilder()
                              .setAck(activity.ack(ar.getRequestId(), received[0]))
                              .build()));
                }
              }
            });
    resp.handler(
        piece -> {
          if (failed[0] != null) {
            return;
          }
          try {
            deframer.feed(piece);
          } catch (RuntimeException e) {
            failed[0] = e;
            req.reset();
          }
        });
    return resp.end()
        .transform(
            done -> {
              if (failed[0] != null) {
                return Future.failedFuture(transportFailure(method, failed[0], true));
              }
              if (done.failed()) {
                return Future.failedFuture(transportFailure(method, done.cause(), true));
              }
              req.end(); // half-close after consuming; the node tolerates it arriving late
              try {
                deframer.end();
              } catch (IllegalStateException e) {
                return Future.failedFuture(transportFailure(method, e, true));
              }
              NodeCallException status = statusFailure(method, resp, resp.trailers(), true, true);
              if (status != null) {
                return Future.failedFuture(status);
              }
              return Future.succeededFuture(received[0]);
            });
  }

  /** Largest getFile response message taken: 16 MiB (nodes send 1 MiB data messages). */
  private static final long MAX_RESPONSE_MESSAGE = 16L * 1024 * 1024;

  /** {@code message} behind its gRPC prefix (uncompressed, big-endian length). */
  private static Buffer framed(com.google.protobuf.MessageLite message) {
    byte[] bytes = message.toByteArray();
    return Buffer.buffer(5 + bytes.length)
        .appendByte((byte) 0)
        .appendInt(bytes.length)
        .appendBytes(bytes);
  }

  /**
   * The failure a raw response's {@code grpc-status} in {@code fields} (its headers, or its
   * trailers at the end) names, or null when it is OK or, in the headers, absent. A response that
   * is not gRPC at all (another HTTP status, no status in the trailers) fails too. {@code
   * afterData}: the caller already received part of a download (never retryable elsewhere).
   */
  private NodeCallException statusFailure(
      String method,
      io.vertx.core.http.HttpClientResponse resp,
      io.vertx.core.MultiMap fields,
      boolean atEnd,
      boolean afterData) {
    String code = fields.get("grpc-status");
    if (code == null) {
      if (resp.statusCode() != 200) {
        return new NodeCallException(
            name, method, httpToGrpc(resp.statusCode()), "HTTP " + resp.statusCode(), afterData);
      }
      return atEnd
          ? new NodeCallException(
              name, method, 13, "the response ended without a status", afterData)
          : null;
    }
    int c;
    try {
      c = Integer.parseInt(code.trim());
    } catch (NumberFormatException e) {
      return new NodeCallException(name, method, 13, "unreadable grpc-status " + code, afterData);
    }
    if (c == 0) {
      return null;
    }
    String raw = fields.get("grpc-message");
    return new NodeCallException(
        name, method, c, raw == null ? null : percentDecoded(raw), afterData);
  }

  /** gRPC's mapping of an HTTP status without a gRPC status (gRPC's http-grpc-status-mapping). */
  private static int httpToGrpc(int http) {
    return switch (http) {
      case 400 -> 13;
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 12;
      case 429, 502, 503, 504 -> 14;
      default -> 2;
    };
  }

  /**
   * The data of one {@code GetFileResponse}, or null for a message without data (a proof). A
   * message that is exactly the data field (what nodes send) yields a slice of {@code message}
   * without copying; anything else goes through protobuf.
   */
  static Buffer dataOf(Buffer message) throws com.google.protobuf.InvalidProtocolBufferException {
    int n = message.length();
    if (n > 0 && message.getByte(0) == DATA_TAG) {
      int p = LengthDelimited.valueRunningToEnd(message, 1);
      if (p > 0) {
        return message.slice(p, n);
      }
    }
    GetFileResponse r = GetFileResponse.parseFrom(message.getBytes());
    return r.hasData() ? Buffer.buffer(r.getData().toByteArray()) : null;
  }

  /** Tag of {@code GetFileResponse.data}: field 2, length-delimited. */
  private static final byte DATA_TAG = (2 << 3) | 2;

  // ------------------------------------------------------------------ dag.DagApi

  /** Stores a DAG node and returns its CID. */
  public Future<Cid> dagPut(long bucketId, Node node, String correlationId) {
    return unary(
            DAG_PUT,
            "dag.DagApi/Put",
            io.ddc.protocol.proto.dag.PutRequest.newBuilder()
                .setBucketId(bucketId)
                .setNode(node)
                .build(),
            ActivityRequest.RequestType.REQUEST_TYPE_STORE,
            bucketId,
            null,
            node.getSerializedSize(),
            correlationId)
        .map(r -> Cid.fromBytes(r.getCid().toByteArray()));
  }

  /** Reads a DAG node, following {@code path} (null for none) by link names. */
  public Future<Node> dagGet(long bucketId, Cid cid, String path, String correlationId) {
    io.ddc.protocol.proto.dag.GetRequest.Builder b =
        io.ddc.protocol.proto.dag.GetRequest.newBuilder()
            .setBucketId(bucketId)
            .setCid(ByteString.copyFrom(cid.toBytes()));
    if (path != null && !path.isEmpty()) {
      b.setPath(path);
    }
    return unary(
            DAG_GET,
            "dag.DagApi/Get",
            b.build(),
            ActivityRequest.RequestType.REQUEST_TYPE_GET,
            bucketId,
            cid.toBytes(),
            0,
            correlationId)
        .map(io.ddc.protocol.proto.dag.GetResponse::getNode);
  }

  // ------------------------------------------------------------------ cns.CnsApi

  /**
   * Points {@code name} in the bucket at {@code cid}, in a record signed by this client's signer.
   */
  public Future<Void> cnsPut(long bucketId, String name, Cid cid, String correlationId) {
    if (options.signer() == null) {
      return Future.failedFuture(new IllegalStateException("storing a name needs a signer"));
    }
    Record unsigned =
        Record.newBuilder().setCid(ByteString.copyFrom(cid.toBytes())).setName(name).build();
    Record record =
        unsigned.toBuilder()
            .setSignature(Signing.sign(options.signer(), unsigned.toByteArray()))
            .build();
    return unary(
            CNS_PUT,
            "cns.CnsApi/Put",
            io.ddc.protocol.proto.cns.PutRequest.newBuilder()
                .setBucketId(bucketId)
                .setRecord(record)
                .build(),
            ActivityRequest.RequestType.REQUEST_TYPE_STORE,
            bucketId,
            null,
            unsigned.getSerializedSize(),
            correlationId)
        .mapEmpty();
  }

  /** The record {@code name} points at in the bucket, empty when there is none. */
  public Future<Optional<Record>> cnsGet(long bucketId, String name, String correlationId) {
    return unary(
            CNS_GET,
            "cns.CnsApi/Get",
            io.ddc.protocol.proto.cns.GetRequest.newBuilder()
                .setBucketId(bucketId)
                .setName(name)
                .build(),
            ActivityRequest.RequestType.REQUEST_TYPE_GET,
            bucketId,
            null,
            0,
            correlationId)
        .map(
            r ->
                r.hasRecord() && r.getRecord().hasSignature()
                    ? Optional.of(r.getRecord())
                    : Optional.<Record>empty())
        .recover(
            e ->
                e instanceof NodeCallException n
                        && n.status() == 2
                        && n.getMessage().endsWith(": no result")
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(e));
  }

  // ------------------------------------------------------------------ plumbing

  private <Q, S> Future<S> unary(
      ServiceMethod<S, Q> m,
      String method,
      Q request,
      ActivityRequest.RequestType type,
      long bucketId,
      byte[] id,
      long size,
      String correlationId) {
    return grpc.request(address, m)
        .recover(e -> Future.failedFuture(unreachable(method, e)))
        .compose(
            req -> {
              req.timeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
              metadata(req.headers(), type, bucketId, id, 0, size, correlationId);
              return req.send(request)
                  .recover(e -> Future.failedFuture(failure(method, req, null, e, false)))
                  .compose(
                      resp ->
                          resp.last()
                              .recover(
                                  e -> Future.failedFuture(failure(method, req, resp, e, false))));
            });
  }

  private ActivityRequest metadata(
      io.vertx.core.MultiMap headers,
      ActivityRequest.RequestType type,
      long bucketId,
      byte[] id,
      long offset,
      long size,
      String correlationId) {
    String token =
        options.accessToken() != null
            ? AuthTokens.toBase58(options.accessToken())
            : options.signer() != null ? defaultToken() : null;
    if (token != null) {
      headers.set("token", token);
    }
    headers.set(
        "correlation-id", correlationId != null ? correlationId : UUID.randomUUID().toString());
    if (activity == null) {
      return null;
    }
    ActivityRequest ar = activity.request(type, bucketId, id, offset, size);
    headers.set("request", ActivitySigner.metadata(ar));
    return ar;
  }

  /** The signer's default token and when it was signed; replaced when half its life is gone. */
  private record SignedToken(String base58, java.time.Instant signedAt) {}

  private volatile SignedToken defaultToken;

  /**
   * The signer's default token (T1, {@link AuthTokens#DEFAULT_TTL}), signed once and sent with
   * every call until half its lifetime has passed: one signature per client instead of one per
   * call, and nodes can recognise a token they already verified.
   */
  private String defaultToken() {
    java.time.Instant now = options.clock().instant();
    SignedToken t = defaultToken;
    if (t == null || now.isAfter(t.signedAt().plus(AuthTokens.DEFAULT_TTL.dividedBy(2)))) {
      t = new SignedToken(AuthTokens.toBase58(AuthTokens.defaultToken(options.signer(), now)), now);
      defaultToken = t;
    }
    return t.base58();
  }

  private NodeCallException unreachable(String method, Throwable e) {
    return new NodeCallException(name, method, 14, "unreachable: " + e.getMessage(), false);
  }

  private NodeCallException failure(
      String method,
      GrpcClientRequest<?, ?> req,
      GrpcClientResponse<?, ?> resp,
      Throwable e,
      boolean afterHeaders) {
    if (e instanceof NodeCallException n) {
      return n;
    }
    if (resp != null && resp.status() != null && resp.status() != GrpcStatus.OK) {
      return new NodeCallException(
          name, method, resp.status().code, statusMessage(resp), afterHeaders);
    }
    if (e instanceof java.util.concurrent.TimeoutException) {
      req.cancel();
    }
    return transportFailure(method, e, afterHeaders);
  }

  /**
   * A call that failed without a status from the node: a reset stream, no response in time, or the
   * connection or body gone wrong ({@code afterHeaders}: after the response headers arrived).
   */
  private NodeCallException transportFailure(String method, Throwable e, boolean afterHeaders) {
    if (e instanceof NodeCallException n) {
      return n;
    }
    if (e instanceof io.vertx.core.http.StreamResetException
        || e instanceof io.vertx.grpc.common.GrpcErrorException) {
      return new NodeCallException(
          name, method, 1, "stream reset: " + e.getMessage(), afterHeaders);
    }
    if (e instanceof java.util.concurrent.TimeoutException) {
      return new NodeCallException(
          name, method, 1, "no response within " + options.timeout().toSeconds() + " s", false);
    }
    String msg = e == null ? "call ended without a response" : String.valueOf(e.getMessage());
    return new NodeCallException(name, method, afterHeaders ? 13 : 14, msg, afterHeaders);
  }

  /**
   * The status message of a failed call. Vert.x gRPC 5.0.7 reads {@code grpc-message} only when the
   * status comes with the headers; a node that failed after sending its headers (an upload refused
   * for a full disk, say) puts it in the trailers, where it is percent-encoded (gRPC over HTTP/2).
   */
  static String statusMessage(io.vertx.grpc.client.GrpcClientResponse<?, ?> resp) {
    String m = resp.statusMessage();
    if (m == null && resp.trailers() != null) {
      String raw = resp.trailers().get("grpc-message");
      m = raw == null ? null : percentDecoded(raw);
    }
    return m;
  }

  /** {@code %XX} sequences as UTF-8 bytes, every other character as itself. */
  static String percentDecoded(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (c == '%' && lo >= 0) {
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Closes the client's connections. */
  public Future<Void> closeAsync() {
    return Future.join(grpc.close(), streams.close()).mapEmpty();
  }

  @Override
  public void close() {
    grpc.close();
    streams.close();
  }

  /** A whole in-memory buffer as a stream (handed over in one go on the first resume). */
  private static final class BufferSource implements ReadStream<Buffer> {
    private final Buffer content;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean paused = true;
    private boolean done;

    BufferSource(Buffer content) {
      this.content = content;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      this.handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      if (!done && handler != null) {
        done = true;
        // The content is in memory already: hand it over at once, one slice per upload message.
        int off = 0;
        while (off < content.length()) {
          int n = Math.min(CONTENT_CHUNK, content.length() - off);
          handler.handle(content.slice(off, off + n));
          off += n;
        }
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return resume();
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      this.endHandler = h;
      return this;
    }
  }
}
