package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.cid.InvalidCidException;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-to-node endpoint (docs/spec/cluster-transfer.md §4): piece upload, download and the
 * batched "which of these do you hold" query. Every request is authenticated first (§3); the
 * handlers never block the event loop (store calls complete on store threads and hop back).
 */
final class P2pServer {
  private static final Logger LOG = LoggerFactory.getLogger(P2pServer.class);
  static final String PREFIX = "/ddc/p2p/v1/";
  static final String PIECES = PREFIX + "pieces/";

  /** A piece whose CID the receiver computes and answers (§4.3, pipelined replication). */
  static final String STREAMED_PIECES = PREFIX + "pieces";

  static final String HAS = PREFIX + "has";
  static final String HEALTH = PREFIX + "health";
  static final String MEMBERSHIP = PREFIX + "membership";
  static final String RECORDS = PREFIX + "records/";
  static final String RECORD_VERSIONS = PREFIX + "record-versions";
  static final String VERSION_HEADER = "x-ddc-version";
  static final String BUCKET_HEADER = "x-ddc-bucket";

  /** A streamed upload's nonce (§3.3): 16 bytes, lower-case hex. */
  private static final java.util.regex.Pattern NONCE =
      java.util.regex.Pattern.compile("[0-9a-f]{32}");

  /** Largest part of a request body handed to a handler at once. */
  static final int MAX_CHUNK_BYTES = 64 * 1024;

  /** Largest {@code has} query: 4096 CIDs. */
  static final int MAX_HAS = 4096;

  private final Vertx vertx;
  private final ClusterOptions options;
  private final PieceStore store;
  private final Predicate<String> isMember;
  private final Clock clock;
  private final LongConsumer onStored;
  private final Records records;
  private final String nodeId;
  private final P2pKeys keys;
  private final NonceWindow streamedNonces;
  private HttpServer server;

  P2pServer(
      Vertx vertx,
      ClusterOptions options,
      PieceStore store,
      Predicate<String> isMember,
      Clock clock,
      LongConsumer onStored,
      Records records,
      String nodeId,
      P2pKeys keys) {
    this.nodeId = nodeId;
    this.keys = keys;
    this.vertx = vertx;
    this.options = options;
    this.store = store;
    this.isMember = isMember;
    this.clock = clock;
    this.onStored = onStored;
    this.records = records;
    this.streamedNonces = new NonceWindow(2 * options.maxClockSkew().toMillis());
  }

  Future<Integer> listen() {
    return listen(options.p2pPort());
  }

  /** Listens on {@code port} (0: any free port); the port bound. */
  Future<Integer> listen(int port) {
    // Received body content in parts of up to 64 KiB (Vert.x's default is 8 KiB): a forwarded
    // chunk of 16 KiB reaches the store as one write instead of two.
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(options.host())
                .setPort(port)
                .setMaxChunkSize(MAX_CHUNK_BYTES));
    return server.requestHandler(this::handle).listen().map(HttpServer::actualPort);
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    if (req.method() == HttpMethod.GET && req.path().equals(MEMBERSHIP)) {
      membership(req);
      return;
    }
    String uri = req.uri();
    String sender;
    try {
      sender =
          P2pAuth.verify(
              req.headers(),
              req.method().name(),
              uri,
              clock.millis(),
              options.maxClockSkew(),
              isMember,
              keys);
    } catch (P2pAuth.Refusal r) {
      LOG.warn("refused {} {} from {}: {}", req.method(), uri, req.remoteAddress(), r.getMessage());
      reply(req, r.status, r.getMessage());
      return;
    }
    String path = req.path();
    if (path.equals(HEALTH) && req.method() == HttpMethod.GET) {
      reply(req, store.healthy() ? 200 : 503, store.healthy() ? "ok" : "store unhealthy");
    } else if (path.equals(HAS) && req.method() == HttpMethod.POST) {
      has(req);
    } else if (path.equals(RECORD_VERSIONS) && req.method() == HttpMethod.POST) {
      recordVersions(req);
    } else if (path.startsWith(PIECES) && req.method() == HttpMethod.PUT) {
      put(req, sender);
    } else if (path.equals(STREAMED_PIECES) && req.method() == HttpMethod.PUT) {
      putStreamed(req, sender);
    } else if (path.startsWith(PIECES) && req.method() == HttpMethod.GET) {
      get(req);
    } else if (path.startsWith(RECORDS) && req.method() == HttpMethod.PUT) {
      putRecord(req);
    } else if (path.startsWith(RECORDS) && req.method() == HttpMethod.GET) {
      getRecord(req);
    } else {
      reply(req, 404, "no such endpoint");
    }
  }

  private static Cid cidOf(HttpServerRequest req) {
    return Cid.parse(req.path().substring(PIECES.length()));
  }

  private void put(HttpServerRequest req, String sender) {
    Cid cid;
    long bucket;
    try {
      cid = cidOf(req);
      bucket = Long.parseLong(String.valueOf(req.getParam("bucket")));
    } catch (InvalidCidException | NumberFormatException e) {
      reply(req, 400, "bad piece address: " + e.getMessage());
      return;
    }
    if (!HexFormat.of().formatHex(cid.digest()).equals(req.getHeader(P2pAuth.BODY))) {
      reply(req, 400, "body digest header must be the CID digest");
      return;
    }
    intake(req, sender, bucket, cid, PieceIntake.sizeHint(req.getHeader("content-length")));
  }

  /**
   * §4.3: a piece forwarded while its writer still receives it, so neither side knows its CID
   * before the end. The body digest header is empty; the store's own digest names the piece, and
   * the answer is its CID, which the sender compares with the CID it computed itself.
   */
  private void putStreamed(HttpServerRequest req, String sender) {
    long bucket;
    try {
      bucket = Long.parseLong(String.valueOf(req.getParam("bucket")));
    } catch (NumberFormatException e) {
      reply(req, 400, "bad bucket: " + e.getMessage());
      return;
    }
    if (!"".equals(req.getHeader(P2pAuth.BODY))) {
      reply(req, 400, "the body digest header of a streamed piece must be empty");
      return;
    }
    // its signature binds no content: a nonce, used once, keeps it from being replayed (§3.3)
    String nonce = req.getParam("nonce");
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      reply(req, 401, "a streamed piece needs a nonce of 32 hex digits");
      return;
    }
    if (!streamedNonces.firstUse(sender, nonce, clock.millis())) {
      LOG.warn(
          "refused a replayed streamed piece upload from {} ({})", sender, req.remoteAddress());
      reply(req, 401, "replayed request: nonce already used");
      return;
    }
    intake(req, sender, bucket, null, PieceIntake.sizeHint(req.getParam("size")));
  }

  /**
   * Stores the request body as a piece of {@code bucket}: under {@code expected} (else 400), or
   * with {@code expected} null under the CID it hashes to, which the answer names; {@code
   * expectedBytes}: the announced length, a staging hint (0: unknown).
   */
  private void intake(
      HttpServerRequest req, String sender, long bucket, Cid expected, long expectedBytes) {
    if (!options.mode().holdsReplicas()) {
      reply(req, 409, "a " + options.mode() + " node holds no replicas");
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    PieceIntake.drain(ctx, req, store, bucket, expected, expectedBytes)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                Cid cid = ar.result().cid();
                LOG.debug("stored {} ({} bytes) from {}", cid, ar.result().size(), sender);
                onStored.accept(ar.result().bucketId());
                reply(req, 200, expected == null ? cid.toString() : "stored");
              } else if (ar.cause() instanceof PieceIntake.DigestMismatch m) {
                reply(req, 400, m.getMessage());
              } else {
                LOG.warn(
                    "storing {} from {} failed: {}",
                    expected == null ? "a streamed piece" : expected,
                    sender,
                    ar.cause().toString());
                reply(req, 503, "store failed: " + ar.cause().getMessage());
              }
            });
  }

  private void get(HttpServerRequest req) {
    Cid cid;
    try {
      cid = cidOf(req);
    } catch (InvalidCidException e) {
      reply(req, 400, "bad piece address: " + e.getMessage());
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    onContext(ctx, store.stat(cid))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                reply(req, 503, "store failed: " + ar.cause().getMessage());
                return;
              }
              Optional<PieceInfo> info = ar.result();
              if (info.isEmpty()) {
                reply(req, 404, "not stored here");
                return;
              }
              HttpServerResponse resp = req.response();
              resp.putHeader("content-length", Long.toString(info.get().size()))
                  .putHeader(BUCKET_HEADER, Long.toString(info.get().bucketId()));
              PieceOutlet.pipe(ctx, store, cid, resp, options.faultCorruptServedPieces())
                  .onComplete(
                      p -> {
                        if (p.succeeded()) {
                          resp.end();
                        } else {
                          LOG.warn("serving {} failed: {}", cid, p.cause().toString());
                          resp.reset();
                        }
                      });
            });
  }

  private void has(HttpServerRequest req) {
    Context ctx = vertx.getOrCreateContext();
    req.body()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                return;
              }
              Buffer body = ar.result();
              if (body.length() % Cid.BINARY_LENGTH != 0
                  || body.length() / Cid.BINARY_LENGTH > MAX_HAS) {
                reply(req, 400, "body must be at most " + MAX_HAS + " binary CIDs");
                return;
              }
              byte[] bytes = body.getBytes();
              String digest = HexFormat.of().formatHex(io.ddc.crypto.Hashing.blake3_256(bytes));
              if (!digest.equals(req.getHeader(P2pAuth.BODY))) {
                reply(req, 400, "body digest mismatch");
                return;
              }
              List<CompletableFuture<Optional<PieceInfo>>> stats = new ArrayList<>();
              try {
                for (int off = 0; off < bytes.length; off += Cid.BINARY_LENGTH) {
                  stats.add(
                      store.stat(
                          Cid.fromBytes(
                              java.util.Arrays.copyOfRange(bytes, off, off + Cid.BINARY_LENGTH))));
                }
              } catch (InvalidCidException e) {
                reply(req, 400, e.getMessage());
                return;
              }
              onContext(ctx, CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new)))
                  .onComplete(
                      all -> {
                        if (all.failed()) {
                          reply(req, 503, "store failed: " + all.cause().getMessage());
                          return;
                        }
                        byte[] out = new byte[stats.size()];
                        for (int i = 0; i < out.length; i++) {
                          out[i] = (byte) (stats.get(i).join().isPresent() ? 1 : 0);
                        }
                        req.response().end(Buffer.buffer(out));
                      });
            });
  }

  /**
   * §4.2: which version of each addressed record this node holds, with the BLAKE3 of its value, so
   * that repair sends only what a placement node lacks.
   */
  private void recordVersions(HttpServerRequest req) {
    checkedBody(req)
        .compose(
            bytes -> {
              List<RecordAddress> asked = new ArrayList<>();
              ByteBuffer b = ByteBuffer.wrap(bytes);
              while (b.hasRemaining() && asked.size() <= MAX_HAS) {
                asked.add(RecordAddress.decode(b));
              }
              if (asked.isEmpty() || asked.size() > MAX_HAS) {
                return Future.failedFuture(
                    new IllegalArgumentException(
                        "body must hold 1 to " + MAX_HAS + " record addresses"));
              }
              List<Future<Optional<VersionedRecord>>> held = new ArrayList<>();
              for (RecordAddress a : asked) {
                held.add(records.get(a.bucketId(), a.namespace(), a.key()));
              }
              return Future.all(held).map(v -> held);
            })
        .onComplete(
            ar -> {
              if (ar.failed()) {
                reply(
                    req,
                    ar.cause() instanceof IllegalArgumentException ? 400 : 503,
                    ar.cause().getMessage());
                return;
              }
              Buffer out = Buffer.buffer();
              for (Future<Optional<VersionedRecord>> f : ar.result()) {
                Optional<VersionedRecord> r = f.result();
                if (r.isEmpty()) {
                  out.appendByte((byte) 0);
                } else {
                  out.appendByte((byte) 1)
                      .appendLong(r.get().version())
                      .appendBytes(io.ddc.crypto.Hashing.blake3_256(r.get().value()));
                }
              }
              req.response().end(out);
            });
  }

  /**
   * The request body, failed with {@link IllegalArgumentException} when it does not hash to the
   * signed {@code x-ddc-body-blake3} (§3.2 step 5).
   */
  private static Future<byte[]> checkedBody(HttpServerRequest req) {
    return req.body()
        .compose(
            body -> {
              byte[] bytes = body.getBytes();
              String digest = HexFormat.of().formatHex(io.ddc.crypto.Hashing.blake3_256(bytes));
              return digest.equals(req.getHeader(P2pAuth.BODY))
                  ? Future.succeededFuture(bytes)
                  : Future.failedFuture(new IllegalArgumentException("body digest mismatch"));
            });
  }

  /** A record address parsed from {@code /records/{bucket}/{namespace}/{keyhex}}. */
  record RecordAddress(long bucketId, String namespace, byte[] key) {
    static RecordAddress parse(String path) {
      String[] parts = path.substring(RECORDS.length()).split("/", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("record path must be bucket/namespace/key");
      }
      Records.checkNamespace(parts[1]);
      return new RecordAddress(
          Long.parseLong(parts[0]), parts[1], HexFormat.of().parseHex(parts[2]));
    }

    String path() {
      return RECORDS + bucketId + "/" + namespace + "/" + HexFormat.of().formatHex(key);
    }

    /** Equal for equal addresses (unlike the record's own equality, which compares key arrays). */
    String id() {
      return bucketId + "/" + namespace + "/" + HexFormat.of().formatHex(key);
    }

    /** Bytes of {@link #encode}: §4.2's address encoding. */
    int encodedLength() {
      return Long.BYTES + 1 + namespace.length() + Short.BYTES + key.length;
    }

    /**
     * Appends the binary form (§4.2): bucket id (8 bytes, big-endian), namespace length (1 byte)
     * and ASCII bytes, key length (2 bytes, big-endian) and bytes.
     */
    void encode(ByteBuffer out) {
      if (key.length > 0xFFFF) {
        throw new IllegalArgumentException("record key of " + key.length + " bytes, at most 65535");
      }
      out.putLong(bucketId)
          .put((byte) namespace.length())
          .put(namespace.getBytes(StandardCharsets.US_ASCII))
          .putShort((short) key.length)
          .put(key);
    }

    /** {@code addresses} encoded one after the other. */
    static byte[] encodeAll(List<RecordAddress> addresses) {
      ByteBuffer b =
          ByteBuffer.allocate(addresses.stream().mapToInt(RecordAddress::encodedLength).sum());
      addresses.forEach(a -> a.encode(b));
      return b.array();
    }

    /**
     * Reads one address written by {@link #encode}; {@link IllegalArgumentException} when it is
     * malformed or truncated.
     */
    static RecordAddress decode(ByteBuffer in) {
      try {
        long bucket = in.getLong();
        byte[] ns = new byte[Byte.toUnsignedInt(in.get())];
        in.get(ns);
        String namespace = new String(ns, StandardCharsets.US_ASCII);
        Records.checkNamespace(namespace);
        byte[] key = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(key);
        return new RecordAddress(bucket, namespace, key);
      } catch (java.nio.BufferUnderflowException e) {
        throw new IllegalArgumentException("truncated record address", e);
      }
    }
  }

  private void putRecord(HttpServerRequest req) {
    if (!options.mode().holdsReplicas()) {
      reply(req, 409, "a " + options.mode() + " node holds no replicas");
      return;
    }
    RecordAddress a;
    long version;
    try {
      a = RecordAddress.parse(req.path());
      version = Long.parseLong(String.valueOf(req.getParam("version")));
    } catch (IllegalArgumentException e) {
      reply(req, 400, "bad record address: " + e.getMessage());
      return;
    }
    checkedBody(req)
        .compose(
            value ->
                records.merge(
                    a.bucketId(), a.namespace(), a.key(), new VersionedRecord(version, value)))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                req.response()
                    .putHeader(VERSION_HEADER, Long.toString(ar.result().version()))
                    .end("stored");
              } else if (ar.cause() instanceof IllegalArgumentException e) {
                reply(req, 400, e.getMessage());
              } else {
                reply(req, 503, "store failed: " + ar.cause().getMessage());
              }
            });
  }

  private void getRecord(HttpServerRequest req) {
    RecordAddress a;
    try {
      a = RecordAddress.parse(req.path());
    } catch (IllegalArgumentException e) {
      reply(req, 400, "bad record address: " + e.getMessage());
      return;
    }
    records
        .get(a.bucketId(), a.namespace(), a.key())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                reply(req, 503, "store failed: " + ar.cause().getMessage());
              } else if (ar.result().isEmpty()) {
                reply(req, 404, "not stored here");
              } else {
                req.response()
                    .putHeader(VERSION_HEADER, Long.toString(ar.result().get().version()))
                    .end(Buffer.buffer(ar.result().get().value()));
              }
            });
  }

  /** A store future as a Vert.x future completing on {@code ctx}. */
  static <T> Future<T> onContext(Context ctx, CompletableFuture<T> cf) {
    return Future.fromCompletionStage(cf, ctx);
  }

  /**
   * The unauthenticated discovery answer (cluster-transfer.md §4.1): which node this is and its
   * Hazelcast membership port, so a node that knows only the P2P address from the chain can join.
   */
  private void membership(HttpServerRequest req) {
    req.response()
        .putHeader("content-type", "application/json")
        .end(
            new io.vertx.core.json.JsonObject()
                .put("node_id", nodeId)
                .put("cluster_id", options.clusterId())
                .put("membership_port", options.membershipPort())
                .encode());
  }

  private static void reply(HttpServerRequest req, int status, String message) {
    HttpServerResponse resp = req.response();
    if (!resp.ended() && !resp.headWritten()) {
      resp.setStatusCode(status).putHeader("content-type", "text/plain").end(message);
    }
  }
}
