package io.ddc.edge;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ddc.protocol.auth.SignedBytes;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.grpc.LengthDelimited;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.cns.Record;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.file.GetFileRequest;
import io.ddc.protocol.proto.file.PutMultiPartPieceRequest;
import io.ddc.protocol.proto.file.PutMultiPartPieceResponse;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.ddc.protocol.proto.file.PutRawPieceResponse;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seven methods of the DDC v2 node API (node-protocol.md §3.2, §4) on a transport-neutral
 * {@link RpcCall}. Every call: read the bucket id (message #1 for streams), look the bucket up,
 * authorize, capture activity, and for streams send headers before any content moves (§2.4). Runs
 * on event loops only; storage completes on store threads and is hopped back.
 */
final class NodeApi {
  /* Flow control: putRawPiece pauses the request while a chunk is handed to the store; getFile
   * sends while the transport's write queue has room and the unacknowledged backlog stays under
   * the quota, and waits for acks (up to ACK_WAIT_MILLIS) before failing the stream. */

  private static final Logger LOG = LoggerFactory.getLogger(NodeApi.class);

  /** Largest raw piece: 128 MiB (§1.4, C5). */
  static final long MAX_PIECE_BYTES = 128L << 20;

  /** Field number of {@code ack} in {@code GetFileRequest} (node-protocol.md §3.4). */
  private static final int GET_FILE_ACK_FIELD = 2;

  /** Size of a getFile data message: 1 MiB (C14). */
  static final int READ_CHUNK = 1 << 20;

  /** How long a stream over its unacknowledged quota waits for acks before failing. */
  static final long ACK_WAIT_MILLIS = 3000;

  /**
   * How long a finished read with a signed activity request waits for the ack of its last bytes
   * before ending the stream: only acknowledged bytes are billed (activity-api.md §3.2), and the
   * last ack arrives one round trip after the last data message.
   */
  static final long FINAL_ACK_WAIT_MILLIS = 1000;

  private final Vertx vertx;
  private final NodeOptions options;
  private final BucketRegistry registry;
  private final Authorizer authorizer;
  private final ActivityCapture activity;
  private final ActivityLog activityLog;
  private final DeliveryQuota quota;
  private final BucketContent content;

  BucketContent content() {
    return content;
  }

  /** The gateway's small-piece cache, shared by the node's HTTP server instances. */
  private final HotPieces hotPieces = new HotPieces();

  HotPieces hotPieces() {
    return hotPieces;
  }

  /**
   * Free read buffers kept for getFile: 32 (32 MiB of direct memory), enough for the data messages
   * a few concurrent downloads have in flight; more are allocated when needed and freed once used.
   */
  static final int READ_BUFFERS_KEPT = 32;

  private final ReadBuffers readBuffers = new ReadBuffers(READ_CHUNK, READ_BUFFERS_KEPT);

  ReadBuffers readBuffers() {
    return readBuffers;
  }

  NodeApi(
      Vertx vertx,
      NodeOptions options,
      BucketRegistry registry,
      Authorizer authorizer,
      ActivityCapture activity,
      ActivityLog activityLog,
      DeliveryQuota quota,
      BucketContent content) {
    this.vertx = vertx;
    this.options = options;
    this.registry = registry;
    this.authorizer = authorizer;
    this.activity = activity;
    this.activityLog = activityLog;
    this.quota = quota;
    this.content = content;
  }

  /** The per-call facts every method needs; {@code served} is filled in by authorization. */
  private record Ctx(
      RpcCall call,
      String correlationId,
      String token,
      ActivityCapture.Request request,
      long startedAt,
      Served served) {}

  /** The bucket and operation a call was authorized for (event-loop confined). */
  private static final class Served {
    long bucket = -1;
    Operation op;
  }

  /** Serves one call of any of the seven methods; anything else is UNIMPLEMENTED. */
  void handle(RpcCall call) {
    Ctx ctx =
        new Ctx(
            call,
            call.metadata("correlation-id"),
            call.metadata("token"),
            activity.request(call.metadata("request"), call.metadata("correlation-id")),
            System.currentTimeMillis(),
            new Served());
    switch (call.method()) {
      case "/file.FileApi/putRawPiece" -> putRawPiece(ctx);
      case "/file.FileApi/getFile" -> getFile(ctx);
      case "/file.FileApi/putMultipartPiece" -> unary(ctx, this::putMultipart);
      case "/dag.DagApi/Put" -> unary(ctx, this::dagPut);
      case "/dag.DagApi/Get" -> unary(ctx, this::dagGet);
      case "/cns.CnsApi/Put" -> unary(ctx, this::cnsPut);
      case "/cns.CnsApi/Get" -> unary(ctx, this::cnsGet);
      default ->
          call.fail(
              new EdgeException(
                  EdgeException.Reason.UNIMPLEMENTED, "unknown method " + call.method()));
    }
  }

  // ------------------------------------------------------------------ common steps

  private interface UnaryMethod {
    Future<Buffer> apply(Ctx ctx, byte[] request);
  }

  private void unary(Ctx ctx, UnaryMethod method) {
    RpcCall call = ctx.call();
    List<Buffer> messages = new ArrayList<>(1);
    call.messageHandler(
        m -> {
          if (!messages.isEmpty()) {
            call.fail(EdgeException.invalid("a unary call carries exactly one message"));
          }
          messages.add(m);
        });
    call.endHandler(
        v -> {
          if (call.ended()) {
            return;
          }
          if (messages.size() != 1) {
            call.fail(EdgeException.invalid("a unary call carries exactly one message"));
            return;
          }
          Future<Buffer> result;
          try {
            result = method.apply(ctx, messages.get(0).getBytes());
          } catch (RuntimeException e) {
            result = Future.failedFuture(e);
          }
          result.onComplete(
              ar -> {
                if (ar.succeeded()) {
                  logActivity(ctx, null).onComplete(x -> endIfOpen(call, ar.result()));
                } else {
                  failed(ctx, ar.cause());
                }
              });
        });
  }

  private void failed(Ctx ctx, Throwable t) {
    StatusMapping.Status s = StatusMapping.of(t);
    if (s.http() >= 500) {
      LOG.warn("[{}] {} failed: {}", ctx.correlationId(), ctx.call().method(), t.toString(), t);
    } else {
      LOG.debug("[{}] {} refused: {}", ctx.correlationId(), ctx.call().method(), s.message());
    }
    ctx.call().fail(t);
  }

  /**
   * Records a successful call's activity (a verified, billable client request) and completes once
   * the record is durable, so the call is answered only after its activity is stored. A failure to
   * store is logged; the call still succeeds.
   */
  private Future<Void> logActivity(Ctx ctx, ActivityAcknowledgment lastAck) {
    if (ctx.request() == null || !ctx.request().billable()) {
      return Future.succeededFuture();
    }
    if (!matchesServed(ctx)) {
      LOG.debug(
          "[{}] activity request names bucket {} ({}), the call served bucket {} ({}); not recorded",
          ctx.correlationId(),
          ctx.request().parsed().getBucketId(),
          ctx.request().parsed().getRequestType(),
          ctx.served().bucket,
          ctx.served().op);
      return Future.succeededFuture();
    }
    return activityLog
        .served(ctx.request(), lastAck, System.currentTimeMillis() - ctx.startedAt())
        .onFailure(
            t ->
                LOG.error(
                    "[{}] {}: activity record not stored: {}",
                    ctx.correlationId(),
                    ctx.call().method(),
                    t.toString()));
  }

  /**
   * Whether the client's request names the bucket and kind of operation the call was authorized
   * for: a request for another bucket would bill that bucket's owner for this caller's usage.
   */
  private static boolean matchesServed(Ctx ctx) {
    ActivityRequest r = ctx.request().parsed();
    ActivityRequest.RequestType expected =
        ctx.served().op == Operation.PUT
            ? ActivityRequest.RequestType.REQUEST_TYPE_STORE
            : ActivityRequest.RequestType.REQUEST_TYPE_GET;
    return ctx.served().op != null
        && r.getBucketId() == ctx.served().bucket
        && r.getRequestType() == expected;
  }

  private static void endIfOpen(RpcCall call, Buffer last) {
    if (!call.ended()) {
      call.end(last);
    }
  }

  private Future<BucketRegistry.Bucket> bucket(long id) {
    return registry.bucket(id).map(o -> o.orElseThrow(() -> EdgeException.noBucket(id)));
  }

  private void requireWritable() {
    if (options.mode() == NodeOptions.Mode.CACHE) {
      throw EdgeException.precondition("this is a cache-mode node: it accepts no writes");
    }
  }

  private Future<BucketRegistry.Bucket> authorized(
      Ctx ctx, long bucketId, Operation op, Cid addressed) {
    return authorized(ctx.token(), bucketId, op, addressed)
        .map(
            b -> {
              ctx.served().bucket = b.id();
              ctx.served().op = op;
              return b;
            });
  }

  /**
   * Looks the bucket up, authorizes {@code op} with {@code token} (may be null), then applies the
   * debt policy.
   */
  Future<BucketRegistry.Bucket> authorized(
      String token, long bucketId, Operation op, Cid addressed) {
    return bucket(bucketId)
        .map(
            b -> {
              if (op == Operation.PUT) {
                requireWritable();
              }
              authorizer.authorize(b, op, token, addressed);
              return b;
            })
        .compose(this::solvent);
  }

  /**
   * The bucket, unless its owner owes more than {@code debt.threshold} in the bucket's cluster
   * (activity-api.md §10): then PERMISSION_DENIED naming the debt.
   */
  private Future<BucketRegistry.Bucket> solvent(BucketRegistry.Bucket b) {
    if (!(registry instanceof DebtSource debts)) {
      return Future.succeededFuture(b);
    }
    java.math.BigInteger threshold = options.debtThreshold();
    return debts
        .debt(b.clusterId(), b.owner())
        .map(
            debt -> {
              if (debt.compareTo(threshold) > 0) {
                throw EdgeException.denied(
                    "bucket "
                        + b.id()
                        + " is blocked: its owner 0x"
                        + java.util.HexFormat.of().formatHex(b.owner())
                        + " has a debt of "
                        + debt
                        + " in cluster "
                        + b.clusterId()
                        + " (this node refuses debts above "
                        + threshold
                        + "); top up the deposit to settle it");
              }
              return b;
            });
  }

  /**
   * The data of a putRawPiece content message, sharing {@code message}'s bytes. A message that is
   * exactly {@code content { data }} (what clients send) is sliced without parsing; anything else
   * goes through protobuf.
   *
   * @throws EdgeException INVALID_ARGUMENT when the message is malformed or carries no content
   */
  static Buffer contentOf(Buffer message) {
    int n = message.length();
    if (n > 0 && message.getByte(0) == CONTENT_TAG) {
      int p = LengthDelimited.valueRunningToEnd(message, 1);
      if (p > 0 && p < n && message.getByte(p) == DATA_TAG) {
        int q = LengthDelimited.valueRunningToEnd(message, p + 1);
        if (q > 0) {
          return message.slice(q, n);
        }
      }
    }
    PutRawPieceRequest m = parseAliased(message.getBytes());
    if (!m.hasContent()) {
      throw EdgeException.invalid("putRawPiece messages after the first must carry content");
    }
    return io.vertx.core.internal.buffer.BufferInternal.buffer(
        io.netty.buffer.Unpooled.wrappedBuffer(m.getContent().getData().asReadOnlyByteBuffer()));
  }

  /** Tag of {@code PutRawPieceRequest.content}: field 2, length-delimited. */
  private static final byte CONTENT_TAG = (2 << 3) | 2;

  /** Tag of {@code PutRawPieceRequest.Content.data}: field 1, length-delimited. */
  private static final byte DATA_TAG = (1 << 3) | 2;

  /**
   * Hands {@code data} to the store part by part (a message cut out of several HTTP/2 frames is a
   * composite of them), each after the previous one was taken.
   */
  private static java.util.concurrent.CompletableFuture<Void> writeAll(
      PieceWriter writer, Buffer data) {
    java.nio.ByteBuffer[] parts =
        ((io.vertx.core.internal.buffer.BufferInternal) data).getByteBuf().nioBuffers();
    java.util.concurrent.CompletableFuture<Void> done =
        java.util.concurrent.CompletableFuture.completedFuture(null);
    for (java.nio.ByteBuffer part : parts) {
      done = done.thenCompose(v -> writer.write(part)); // at once when the last one was staged
    }
    return done;
  }

  /**
   * Parses a putRawPiece message whose content then shares {@code bytes} (ours, never changed
   * after) instead of being copied once more into a fresh {@code ByteString}.
   */
  private static PutRawPieceRequest parseAliased(byte[] bytes) {
    try {
      com.google.protobuf.CodedInputStream in =
          com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      in.enableAliasing(true);
      PutRawPieceRequest m = PutRawPieceRequest.parseFrom(in);
      in.checkLastTagWas(0);
      return m;
    } catch (java.io.IOException e) {
      // InvalidProtocolBufferException (an IOException); a byte array stream throws nothing else
      throw EdgeException.invalid("malformed putRawPiece message: " + e.getMessage());
    }
  }

  private static <T> T parse(com.google.protobuf.Parser<T> parser, byte[] bytes, String what) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw EdgeException.invalid("malformed " + what + ": " + e.getMessage());
    }
  }

  /**
   * The canonical encoding of a DAG node (§3.9, §4.5): known fields in ascending order, defaults
   * omitted, unknown fields dropped, links and tags in received order.
   */
  static byte[] canonical(Node node) {
    Node.Builder b = Node.newBuilder().setData(node.getData());
    for (Link l : node.getLinksList()) {
      b.addLinks(Link.newBuilder().setCid(l.getCid()).setName(l.getName()).setSize(l.getSize()));
    }
    for (io.ddc.protocol.proto.dag.Tag t : node.getTagsList()) {
      b.addTags(
          io.ddc.protocol.proto.dag.Tag.newBuilder().setKey(t.getKey()).setValue(t.getValue()));
    }
    return b.build().toByteArray();
  }

  private static Cid cid(ByteString bytes, String what) {
    if (bytes.isEmpty()) {
      throw EdgeException.invalid(what + " is missing");
    }
    return Cid.fromBytes(bytes.toByteArray());
  }

  /** {@code tag ‖ varint(len) ‖ bytes}: a length-delimited field around bytes kept verbatim. */
  static Buffer field(int number, byte[] bytes, int offset, int length) {
    ByteBuf b = Unpooled.buffer(length + 6);
    LengthDelimited.writeHeader(b, number, length);
    return io.vertx.core.internal.buffer.BufferInternal.buffer(b.writeBytes(bytes, offset, length));
  }

  // ------------------------------------------------------------------ putRawPiece (§4.2)

  private void putRawPiece(Ctx ctx) {
    RpcCall call = ctx.call();
    var state =
        new Object() {
          PutRawPieceRequest.Metadata meta;
          long bucketId;
          PieceWriter writer;
          io.ddc.cluster.PipelinedWrite forward;
          long received;
        };
    call.cancelHandler(
        v -> {
          if (state.writer != null) {
            state.writer.abort();
          }
          if (state.forward != null) {
            state.forward.abort();
          }
        });
    call.messageHandler(
        buf -> {
          if (call.ended()) {
            return;
          }
          try {
            if (state.meta == null) {
              PutRawPieceRequest m = parseAliased(buf.getBytes());
              if (!m.hasMetadata()) {
                throw EdgeException.invalid("the first putRawPiece message must carry metadata");
              }
              state.meta = m.getMetadata();
              call.pause();
              authorized(ctx, state.meta.getBucketId(), Operation.PUT, null)
                  .compose(
                      b -> {
                        state.bucketId = b.id();
                        return content.pipeline(b.id(), state.meta.getSize());
                      })
                  .onSuccess(
                      forward -> {
                        state.forward = forward;
                        state.writer = content.newRawPiece(state.bucketId, state.meta.getSize());
                        call.sendHeaders();
                        call.resume();
                      })
                  .onFailure(t -> failed(ctx, t));
              return;
            }
            Buffer data = contentOf(buf);
            state.received += data.length();
            if (state.received > MAX_PIECE_BYTES) {
              throw EdgeException.invalid(
                  "piece exceeds " + MAX_PIECE_BYTES + " bytes (" + state.received + " received)");
            }
            call.pause();
            io.ddc.cluster.PipelinedWrite forward = state.forward;
            if (forward != null) {
              forward.write(data);
            }
            BucketContent.here(writeAll(state.writer, data))
                .onSuccess(
                    v -> {
                      if (forward != null && forward.writeQueueFull()) {
                        forward.drainHandler(x -> call.resume());
                      } else {
                        call.resume();
                      }
                    })
                .onFailure(t -> abortAndFail(ctx, state.writer, state.forward, t));
          } catch (RuntimeException e) {
            abortAndFail(ctx, state.writer, state.forward, e);
          }
        });
    call.endHandler(
        v -> {
          if (call.ended()) {
            return;
          }
          if (state.writer == null) {
            abortAndFail(
                ctx, null, null, EdgeException.invalid("putRawPiece ended before its metadata"));
            return;
          }
          PutRawPieceRequest.Metadata md = state.meta;
          if (state.forward != null) {
            state.forward.end(state.received);
          }
          content
              .commitRaw(
                  state.bucketId, state.writer, md.getIsMultipart(), md.getOffset(), state.forward)
              .onSuccess(
                  cid -> {
                    if (md.hasCid() && !Arrays.equals(md.getCid().toByteArray(), cid.toBytes())) {
                      failed(
                          ctx,
                          EdgeException.invalid(
                              "the piece's CID is " + cid + ", not the one declared"));
                      return;
                    }
                    Buffer response =
                        Buffer.buffer(
                            PutRawPieceResponse.newBuilder()
                                .setCid(ByteString.copyFrom(cid.toBytes()))
                                .build()
                                .toByteArray());
                    logActivity(ctx, null).onComplete(x -> endIfOpen(call, response));
                  })
              .onFailure(t -> failed(ctx, t));
        });
  }

  private void abortAndFail(
      Ctx ctx, PieceWriter writer, io.ddc.cluster.PipelinedWrite forward, Throwable t) {
    if (writer != null) {
      writer.abort();
    }
    if (forward != null) {
      forward.abort();
    }
    failed(ctx, t);
  }

  // ------------------------------------------------------------------ putMultipartPiece (§4.3)

  private Future<Buffer> putMultipart(Ctx ctx, byte[] bytes) {
    PutMultiPartPieceRequest req =
        parse(PutMultiPartPieceRequest.parser(), bytes, "PutMultiPartPieceRequest");
    List<byte[]> digests = new ArrayList<>();
    for (ByteString h : req.getPartHashesList()) {
      if (h.size() != 32) {
        throw EdgeException.invalid("a part hash has 32 bytes, " + h.size() + " given");
      }
      digests.add(h.toByteArray());
    }
    if (digests.isEmpty()) {
      throw EdgeException.invalid("a multipart piece needs at least one part");
    }
    return authorized(ctx, req.getBucketId(), Operation.PUT, null)
        .compose(b -> content.putMultipart(b.id(), req.getTotalSize(), req.getPartSize(), digests))
        .map(
            cid -> {
              if (req.hasCid() && !Arrays.equals(req.getCid().toByteArray(), cid.toBytes())) {
                throw EdgeException.invalid(
                    "the multipart CID is " + cid + ", not the one declared");
              }
              return Buffer.buffer(
                  PutMultiPartPieceResponse.newBuilder()
                      .setCid(ByteString.copyFrom(cid.toBytes()))
                      .build()
                      .toByteArray());
            });
  }

  // ------------------------------------------------------------------ getFile (§4.4, §7.3, §7.4)

  private void getFile(Ctx ctx) {
    new Download(ctx).start();
  }

  /**
   * How many acks of one getFile stream wait before their signatures are checked (newest first,
   * stopping at the first that verifies); the rest are checked when the stream finishes. Acks move
   * the unacknowledged-delivery count as they arrive either way (node-protocol.md §7.3).
   */
  static final int ACKS_PER_CHECK = 32;

  /** An ack and its bytes as received, not yet verified. */
  private record PendingAck(ActivityAcknowledgment ack, byte[] raw) {}

  /** One getFile stream. */
  private final class Download {
    private final Ctx ctx;
    private final RpcCall call;
    private GetFileRequest.Request request;
    private BucketContent.Resolved resolved;
    private final Map<Integer, PieceRegion> regions = new HashMap<>();
    private long pos;
    private long end;
    private long sent;
    private long acked;
    private long limit;
    private byte[] signer;
    private ActivityAcknowledgment lastAck;
    private final List<PendingAck> unverified = new ArrayList<>();
    private boolean streaming;
    private boolean reading;
    private boolean waitingForAcks;
    private boolean waitingForFinalAck;
    private boolean finished;
    private long waitTimer = -1;

    Download(Ctx ctx) {
      this.ctx = ctx;
      this.call = ctx.call();
    }

    void start() {
      call.cancelHandler(v -> cleanup());
      call.endHandler(v -> {});
      call.messageHandler(this::onMessage);
    }

    private void onMessage(Buffer buf) {
      if (call.ended()) {
        return;
      }
      GetFileRequest m;
      try {
        m = parse(GetFileRequest.parser(), buf.getBytes(), "GetFileRequest");
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      if (request == null) {
        if (!m.hasRequest()) {
          fail(EdgeException.invalid("the first getFile message must carry the request"));
          return;
        }
        request = m.getRequest();
        begin();
      } else if (m.hasAck()) {
        onAck(m.getAck(), SignedBytes.rawField(buf.getBytes(), GET_FILE_ACK_FIELD));
      }
    }

    private void begin() {
      Cid cid;
      try {
        cid = cid(request.getCid(), "cid");
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      authorized(ctx, request.getBucketId(), Operation.GET, cid)
          .compose(
              b -> {
                // quota key: the activity signer, else the token signer (C15)
                signer = ctx.request() != null ? ctx.request().signer() : tokenSigner();
                return content.resolve(b.id(), cid);
              })
          .onSuccess(this::serve)
          .onFailure(this::fail);
    }

    private byte[] tokenSigner() {
      try {
        return ctx.token() == null
            ? null
            : io.ddc.protocol.auth.AuthTokenChain.fromBase58(ctx.token())
                .outermost()
                .signature()
                .getSigner()
                .toByteArray();
      } catch (RuntimeException e) {
        return null;
      }
    }

    private void serve(BucketContent.Resolved r) {
      resolved = r;
      long size = r.size();
      long start = 0;
      long last = size - 1;
      if (request.hasRange()) {
        start = request.getRange().getStart();
        last = request.getRange().getEnd();
        if (start > last) {
          fail(EdgeException.invalid("range start " + start + " is after its end " + last));
          return;
        }
        if (start >= size) {
          fail(
              new EdgeException(
                  EdgeException.Reason.OUT_OF_RANGE,
                  "range starts at " + start + ", the content has " + size + " bytes"));
          return;
        }
        last = Math.min(last, size - 1);
      }
      pos = start;
      end = last;
      limit = Math.min(quota.capacity(), quota.available(signer));
      streaming = true;
      call.sendHeaders();
      pump();
    }

    private void onAck(ActivityAcknowledgment ack, byte[] raw) {
      if (ctx.request() != null
          && !ack.getRequestId().equals(ctx.request().parsed().getRequestId())) {
        return; // another request's ack (§7.3)
      }
      long value = Math.min(ack.getBytesStoredOrDelivered(), sent);
      if (value > acked) {
        acked = value;
        if (ctx.request() != null) {
          unverified.add(new PendingAck(ack, raw));
          if (unverified.size() >= ACKS_PER_CHECK) {
            settleAcks();
          }
        }
      }
      if (waitingForAcks) {
        waitingForAcks = false;
        vertx.cancelTimer(waitTimer);
        pump();
      } else if (waitingForFinalAck && acked >= sent) {
        vertx.cancelTimer(waitTimer);
        finish();
      }
    }

    /**
     * Verifies the acks received since the last call, newest first, and keeps the first that
     * verifies: the recorded ack is the largest one that verifies (activity-api.md §3.1) with one
     * signature check per {@link #ACKS_PER_CHECK} acks from an honest client instead of one each.
     */
    private void settleAcks() {
      for (int i = unverified.size() - 1; i >= 0; i--) {
        PendingAck p = unverified.get(i);
        if (activity.ackVerified(ctx.request(), p.ack(), p.raw())) {
          lastAck = p.ack();
          break;
        }
      }
      unverified.clear();
    }

    /** Starts waiting for the last ack when the read is billable and not fully acked yet. */
    private boolean awaitFinalAck() {
      if (waitingForFinalAck) {
        return true;
      }
      if (ctx.request() == null || !ctx.request().billable() || acked >= sent) {
        return false;
      }
      waitingForFinalAck = true;
      waitTimer = vertx.setTimer(FINAL_ACK_WAIT_MILLIS, id -> finish());
      return true;
    }

    private void pump() {
      if (call.ended() || !streaming || reading || waitingForAcks) {
        return;
      }
      if (pos > end) {
        if (!awaitFinalAck()) {
          finish();
        }
        return;
      }
      int part = partOf(pos);
      long partStart = partStart(part);
      long partEnd = partStart + resolved.parts().get(part).size() - 1;
      int n = (int) Math.min(READ_CHUNK, Math.min(end, partEnd) - pos + 1);
      if (sent + n - acked > limit) {
        waitingForAcks = true;
        waitTimer =
            vertx.setTimer(
                ACK_WAIT_MILLIS,
                id ->
                    fail(
                        new EdgeException(
                            EdgeException.Reason.QUOTA_EXCEEDED,
                            "unacknowledged delivery quota exceeded: "
                                + (sent - acked)
                                + " bytes unacknowledged, limit "
                                + limit)));
        return;
      }
      if (call.writeQueueFull()) {
        call.drainHandler(v -> pump());
        return;
      }
      reading = true;
      // reused direct memory (ReadBuffers): not zeroed, not left to the GC; the transport
      // releases it once written
      ByteBuf chunk = readBuffers.take(n);
      region(part)
          .compose(r -> BucketContent.here(r.read(pos - partStart, chunk.nioBuffer(0, n))))
          .onComplete(
              ar -> {
                if (ar.failed() || call.ended()) {
                  chunk.release();
                }
              })
          .onSuccess(
              filled -> {
                reading = false;
                if (call.ended()) {
                  return;
                }
                sendData(call, chunk.writerIndex(n));
                sent += n;
                pos += n;
                if (pos > partEnd) {
                  closeRegion(part);
                }
                pump();
              })
          .onFailure(
              t -> {
                reading = false;
                fail(t);
              });
    }

    private int partOf(long offset) {
      long s = 0;
      for (int i = 0; i < resolved.parts().size(); i++) {
        s += resolved.parts().get(i).size();
        if (offset < s) {
          return i;
        }
      }
      return resolved.parts().size() - 1;
    }

    private long partStart(int part) {
      long s = 0;
      for (int i = 0; i < part; i++) {
        s += resolved.parts().get(i).size();
      }
      return s;
    }

    private Future<PieceRegion> region(int part) {
      PieceRegion r = regions.get(part);
      if (r != null) {
        return Future.succeededFuture(r);
      }
      byte[] digest = resolved.parts().get(part).digest();
      return content
          .open(Cid.of(Cid.Codec.RAW, digest))
          .map(
              opened -> {
                if (call.ended()) {
                  opened.close();
                  throw EdgeException.notFound("call ended");
                }
                regions.put(part, opened);
                return opened;
              });
    }

    private void closeRegion(int part) {
      PieceRegion r = regions.remove(part);
      if (r != null) {
        r.close();
      }
    }

    private void finish() {
      if (finished || call.ended()) {
        return;
      }
      finished = true;
      streaming = false;
      cleanup();
      settleAcks();
      logActivity(ctx, lastAck).onComplete(x -> endIfOpen(call, null));
    }

    private void fail(Throwable t) {
      streaming = false;
      if (waitTimer >= 0) {
        vertx.cancelTimer(waitTimer);
      }
      // A stream that ran out of quota proves the client is not acknowledging: its key stays
      // blocked until the quota refills. Streams that end normally are never charged, because an
      // honest client's last acks are still in flight when the stream ends.
      if (t instanceof EdgeException e && e.reason() == EdgeException.Reason.QUOTA_EXCEEDED) {
        quota.charge(signer, quota.capacity());
      }
      cleanup();
      failed(ctx, t);
    }

    private void cleanup() {
      for (PieceRegion r : regions.values()) {
        r.close();
      }
      regions.clear();
    }
  }

  /**
   * Sends {@code GetFileResponse{data}} around a buffer the store read, without copying it: the
   * message is the field's tag and length followed by the store's buffer itself, and native gRPC
   * writes it to the socket as it is ({@link RpcCall#sendUncopied}); gRPC-Web copies it once into
   * its WebSocket frame.
   */
  private static void sendData(RpcCall call, ByteBuf data) {
    ByteBuf head = LengthDelimited.writeHeader(Unpooled.directBuffer(6), 2, data.readableBytes());
    call.sendUncopied(Unpooled.wrappedBuffer(head, data));
  }

  // ------------------------------------------------------------------ DAG (§4.5)

  private Future<Buffer> dagPut(Ctx ctx, byte[] bytes) {
    io.ddc.protocol.proto.dag.PutRequest req =
        parse(io.ddc.protocol.proto.dag.PutRequest.parser(), bytes, "dag.PutRequest");
    byte[] canonical = canonical(req.getNode());
    Cid cid = Cid.compute(Cid.Codec.DAG_NODE, canonical);
    if (req.hasCid() && !Arrays.equals(req.getCid().toByteArray(), cid.toBytes())) {
      throw EdgeException.invalid("the node's CID is " + cid + ", not the one declared");
    }
    return authorized(ctx, req.getBucketId(), Operation.PUT, null)
        .compose(b -> content.putDag(b.id(), cid.digest(), canonical))
        .map(
            v ->
                Buffer.buffer(
                    io.ddc.protocol.proto.dag.PutResponse.newBuilder()
                        .setCid(ByteString.copyFrom(cid.toBytes()))
                        .build()
                        .toByteArray()));
  }

  private Future<Buffer> dagGet(Ctx ctx, byte[] bytes) {
    io.ddc.protocol.proto.dag.GetRequest req =
        parse(io.ddc.protocol.proto.dag.GetRequest.parser(), bytes, "dag.GetRequest");
    Cid root = cid(req.getCid(), "cid");
    if (root.codec() != Cid.Codec.DAG_NODE) {
      throw EdgeException.invalid(root + " is not a DAG node CID");
    }
    return authorized(ctx, req.getBucketId(), Operation.GET, root)
        .compose(b -> resolveDag(b.id(), root, req.getPath()))
        .map(node -> field(1, node, 0, node.length));
  }

  /** The canonical bytes of the node at {@code path} below {@code cid} (C7). */
  Future<byte[]> resolveDag(long bucket, Cid cid, String path) {
    return loadDag(bucket, cid)
        .compose(
            nodeBytes -> {
              if (path == null || path.isEmpty()) {
                return Future.succeededFuture(nodeBytes);
              }
              Node node = parse(Node.parser(), nodeBytes, "stored DAG node");
              Link hop = null;
              String rest = "";
              for (Link l : node.getLinksList()) {
                if (l.getName().equals(path)) {
                  hop = l;
                  rest = "";
                  break;
                }
                if (path.startsWith(l.getName() + "/")
                    && !l.getName().isEmpty()
                    && (hop == null || l.getName().length() > hop.getName().length())) {
                  hop = l;
                  rest = path.substring(l.getName().length() + 1);
                }
              }
              if (hop == null) {
                return Future.failedFuture(
                    EdgeException.notFound("no link matches '" + path + "' in " + cid));
              }
              Cid target = cid(hop.getCid(), "link cid");
              if (target.codec() != Cid.Codec.DAG_NODE) {
                return Future.failedFuture(
                    EdgeException.precondition(
                        "link '" + hop.getName() + "' points to " + target + ", not a DAG node"));
              }
              return resolveDag(bucket, target, rest);
            });
  }

  Future<byte[]> loadDag(long bucket, Cid cid) {
    return content
        .dag(bucket, cid.digest())
        .map(o -> o.orElseThrow(() -> BucketContent.notFound(bucket, cid)));
  }

  // ------------------------------------------------------------------ CNS (§4.6)

  private Future<Buffer> cnsPut(Ctx ctx, byte[] bytes) {
    io.ddc.protocol.proto.cns.PutRequest req =
        parse(io.ddc.protocol.proto.cns.PutRequest.parser(), bytes, "cns.PutRequest");
    byte[] recordRaw = SignedBytes.rawField(bytes, 2);
    if (recordRaw == null || !req.hasRecord()) {
      throw EdgeException.invalid("cns.Put carries no record");
    }
    Record rec = req.getRecord();
    if (rec.getName().isEmpty()) {
      throw EdgeException.invalid("a CNS record needs a name");
    }
    cid(rec.getCid(), "the record's cid");
    byte[] signed = SignedBytes.withoutField(recordRaw, SignedBytes.CNS_RECORD_SIGNATURE);
    io.ddc.protocol.proto.common.Signature s = rec.getSignature();
    if (s.getSigner().size() != 32
        || s.getValue().size() != 64
        || !authorizer
            .verifier()
            .verify(
                s.getAlgorithmValue(),
                s.getSigner().toByteArray(),
                signed,
                s.getValue().toByteArray())) {
      throw EdgeException.invalid("the CNS record's signature does not verify");
    }
    return authorized(ctx, req.getBucketId(), Operation.PUT, null)
        .compose(b -> content.putName(b.id(), rec.getName(), recordRaw))
        .map(v -> Buffer.buffer());
  }

  private Future<Buffer> cnsGet(Ctx ctx, byte[] bytes) {
    io.ddc.protocol.proto.cns.GetRequest req =
        parse(io.ddc.protocol.proto.cns.GetRequest.parser(), bytes, "cns.GetRequest");
    return authorized(ctx, req.getBucketId(), Operation.GET, null)
        .compose(b -> content.name(b.id(), req.getName()))
        .map(
            (Optional<byte[]> o) -> o.map(r -> field(1, r, 0, r.length)).orElseGet(Buffer::buffer));
  }
}
