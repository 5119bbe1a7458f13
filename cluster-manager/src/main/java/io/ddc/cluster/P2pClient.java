package io.ddc.cluster;

import io.ddc.crypto.Hashing;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * The sending side of docs/spec/cluster-transfer.md §4: push a local piece to a peer, fetch one
 * from a peer into the local store, ask a peer which pieces it holds. Every request is signed with
 * the node key; every failure is a {@link TransferException} naming the peer.
 */
final class P2pClient {
  private static final HexFormat HEX = HexFormat.of();

  /** Nonces of streamed uploads (§3.3): unique, not secret. */
  private static final java.security.SecureRandom NONCES = new java.security.SecureRandom();

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final P2pKeys keys;
  private final String nodeId;
  private final PieceStore store;
  private final Clock clock;
  private final long timeoutMillis;

  P2pClient(
      Vertx vertx,
      ClusterOptions options,
      P2pKeys keys,
      String nodeId,
      PieceStore store,
      Clock clock) {
    this.vertx = vertx;
    this.keys = keys;
    this.nodeId = nodeId;
    this.store = store;
    this.clock = clock;
    this.timeoutMillis = options.transferTimeout().toMillis();
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
  }

  Future<Void> close() {
    return http.close();
  }

  private RequestOptions request(NodeDescriptor peer, HttpMethod method, String uri, String body) {
    RequestOptions r =
        new RequestOptions()
            .setMethod(method)
            .setHost(peer.host())
            .setPort(peer.p2pPort())
            .setURI(uri)
            .setConnectTimeout(timeoutMillis)
            .setIdleTimeout(timeoutMillis);
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    P2pAuth.mac(headers, keys, nodeId, peer.nodeId(), method.name(), uri, clock.millis(), body);
    r.setHeaders(headers);
    return r;
  }

  /**
   * Streams the local piece {@code cid} of {@code bucketId} to {@code peer}; durable there on
   * success.
   */
  Future<Void> push(NodeDescriptor peer, long bucketId, Cid cid, long size) {
    Context ctx = vertx.getOrCreateContext();
    String uri = P2pServer.PIECES + cid + "?bucket=" + bucketId;
    RequestOptions r = request(peer, HttpMethod.PUT, uri, HEX.formatHex(cid.digest()));
    r.putHeader("content-length", Long.toString(size));
    return http.request(r)
        .compose(
            req ->
                PieceOutlet.pipe(ctx, store, cid, req)
                    .compose(v -> req.end())
                    .compose(v -> req.response())
                    .recover(
                        e -> {
                          req.reset();
                          return Future.failedFuture(e);
                        }))
        .compose(resp -> resp.body().compose(b -> expect(peer, resp, b, 200)))
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /**
   * Opens a streamed piece upload to {@code peer} (§4.3): a chunked {@code PUT} whose bytes the
   * caller writes as it receives them and whose CID the peer answers once the piece is durable
   * there ({@link #streamedReply}).
   */
  Future<HttpClientRequest> openStream(NodeDescriptor peer, long bucketId, long declaredSize) {
    byte[] nonce = new byte[16];
    NONCES.nextBytes(nonce);
    String uri =
        P2pServer.STREAMED_PIECES
            + "?bucket="
            + bucketId
            + "&nonce="
            + HEX.formatHex(nonce)
            + (declaredSize > 0 ? "&size=" + declaredSize : "");
    return http.request(request(peer, HttpMethod.PUT, uri, ""))
        .map(req -> req.setChunked(true))
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /** The CID {@code peer} stored a streamed piece under, once it is durable there. */
  static Future<Cid> streamedReply(NodeDescriptor peer, HttpClientRequest req) {
    return req.response()
        .compose(resp -> resp.body().compose(b -> expect(peer, resp, b, 200)))
        .map(b -> Cid.parse(b.toString()))
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /**
   * Fetches {@code cid} from {@code peer} into the local store, committing only bytes that hash to
   * the CID. A 404 fails with {@link TransferException#status()} 404; corrupt bytes fail with
   * {@link PieceIntake.DigestMismatch}.
   */
  Future<PieceInfo> fetch(NodeDescriptor peer, Cid cid) {
    Context ctx = vertx.getOrCreateContext();
    String uri = P2pServer.PIECES + cid;
    return http.request(request(peer, HttpMethod.GET, uri, ""))
        .compose(HttpClientRequest::send)
        .compose(
            resp -> {
              if (resp.statusCode() != 200) {
                return resp.body()
                    .compose(b -> expect(peer, resp, b, 200))
                    .map(x -> (PieceInfo) null);
              }
              long bucket;
              try {
                bucket = Long.parseLong(String.valueOf(resp.getHeader(P2pServer.BUCKET_HEADER)));
              } catch (NumberFormatException e) {
                return Future.failedFuture(
                    new TransferException(peer.nodeId(), 200, "no bucket header", e));
              }
              return PieceIntake.drain(
                  ctx,
                  resp,
                  store,
                  bucket,
                  cid,
                  PieceIntake.sizeHint(resp.getHeader("content-length")));
            })
        .recover(
            e -> Future.failedFuture(e instanceof PieceIntake.DigestMismatch ? e : wrap(peer, e)));
  }

  /**
   * Sends {@code bytes}, which the caller knows to hash to {@code cid}, as piece {@code cid} of
   * {@code bucketId}; durable on {@code peer} on success.
   */
  Future<Void> pushBytes(NodeDescriptor peer, long bucketId, Cid cid, Buffer bytes) {
    String uri = P2pServer.PIECES + cid + "?bucket=" + bucketId;
    return http.request(request(peer, HttpMethod.PUT, uri, HEX.formatHex(cid.digest())))
        .compose(req -> req.send(bytes))
        .compose(resp -> resp.body().compose(b -> expect(peer, resp, b, 200)))
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /**
   * The bytes of piece {@code cid} on {@code peer}, in memory and not stored; fails with {@link
   * PieceIntake.DigestMismatch} when they do not hash to the CID.
   */
  Future<Buffer> getBytes(NodeDescriptor peer, Cid cid) {
    return http.request(request(peer, HttpMethod.GET, P2pServer.PIECES + cid, ""))
        .compose(HttpClientRequest::send)
        .compose(resp -> resp.body().compose(b -> expect(peer, resp, b, 200)))
        .recover(e -> Future.failedFuture(wrap(peer, e)))
        .compose(
            b ->
                java.util.Arrays.equals(Hashing.blake3_256(b.getBytes()), cid.digest())
                    ? Future.succeededFuture(b)
                    : Future.failedFuture(new PieceIntake.DigestMismatch(cid, b.length())));
  }

  /** Which of {@code cids} (at most {@value P2pServer#MAX_HAS}) {@code peer} holds. */
  Future<boolean[]> has(NodeDescriptor peer, List<Cid> cids) {
    byte[] body = new byte[cids.size() * Cid.BINARY_LENGTH];
    for (int i = 0; i < cids.size(); i++) {
      System.arraycopy(cids.get(i).toBytes(), 0, body, i * Cid.BINARY_LENGTH, Cid.BINARY_LENGTH);
    }
    return post(peer, P2pServer.HAS, body)
        .map(
            b -> {
              if (b.length() != cids.size()) {
                throw new TransferException(
                    peer.nodeId(),
                    200,
                    "answered " + b.length() + " flags for " + cids.size(),
                    null);
              }
              boolean[] out = new boolean[cids.size()];
              for (int i = 0; i < out.length; i++) {
                out[i] = b.getByte(i) == 1;
              }
              return out;
            })
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /** What {@code peer} answered for one record address in {@link #recordVersions}. */
  record HeldVersion(long version, byte[] valueDigest) {
    /** Whether a holder of {@code local} should send it to a peer that holds this. */
    boolean olderThan(VersionedRecord local) {
      return version < local.version()
          || (version == local.version()
              && !java.util.Arrays.equals(valueDigest, Hashing.blake3_256(local.value())));
    }
  }

  /**
   * Which version of each of {@code addresses} (at most {@value P2pServer#MAX_HAS}) {@code peer}
   * holds; {@code null} elements where it holds none.
   */
  Future<HeldVersion[]> recordVersions(
      NodeDescriptor peer, List<P2pServer.RecordAddress> addresses) {
    return post(peer, P2pServer.RECORD_VERSIONS, P2pServer.RecordAddress.encodeAll(addresses))
        .map(
            r -> {
              HeldVersion[] out = new HeldVersion[addresses.size()];
              int at = 0;
              try {
                for (int i = 0; i < out.length; i++) {
                  if (r.getByte(at++) == 1) {
                    out[i] = new HeldVersion(r.getLong(at), r.getBytes(at + 8, at + 40));
                    at += 40;
                  }
                }
              } catch (IndexOutOfBoundsException e) {
                throw new TransferException(peer.nodeId(), 200, "truncated record versions", e);
              }
              return out;
            })
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /** A signed {@code POST} of {@code body}; the answer's body when it is {@code 200}. */
  private Future<Buffer> post(NodeDescriptor peer, String uri, byte[] body) {
    String digest = HEX.formatHex(Hashing.blake3_256(body));
    return http.request(request(peer, HttpMethod.POST, uri, digest))
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().compose(b -> expect(peer, resp, b, 200)));
  }

  /**
   * Succeeds when {@code peer} answers its health endpoint with 200 within {@code timeoutMillis}.
   */
  Future<Void> probe(NodeDescriptor peer, long timeoutMillis) {
    RequestOptions r = request(peer, HttpMethod.GET, P2pServer.HEALTH, "");
    r.setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    return http.request(r)
        .compose(HttpClientRequest::send)
        .compose(resp -> resp.body().compose(b -> expect(peer, resp, b, 200)))
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /** Sends a record to {@code peer}; returns the version the peer holds afterwards. */
  Future<Long> putRecord(NodeDescriptor peer, P2pServer.RecordAddress a, VersionedRecord r) {
    byte[] value = r.value();
    String uri = a.path() + "?version=" + r.version();
    String digest = HEX.formatHex(Hashing.blake3_256(value));
    return http.request(request(peer, HttpMethod.PUT, uri, digest))
        .compose(req -> req.send(Buffer.buffer(value)))
        .compose(
            resp ->
                resp.body()
                    .compose(b -> expect(peer, resp, b, 200))
                    .map(b -> Long.parseLong(resp.getHeader(P2pServer.VERSION_HEADER))))
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  /** The record {@code peer} holds, or empty when it holds none. */
  Future<java.util.Optional<VersionedRecord>> getRecord(
      NodeDescriptor peer, P2pServer.RecordAddress a) {
    return http.request(request(peer, HttpMethod.GET, a.path(), ""))
        .compose(HttpClientRequest::send)
        .compose(
            resp ->
                resp.body()
                    .compose(
                        b -> {
                          if (resp.statusCode() == 404) {
                            return Future.succeededFuture(
                                java.util.Optional.<VersionedRecord>empty());
                          }
                          return expect(peer, resp, b, 200)
                              .map(
                                  x ->
                                      java.util.Optional.of(
                                          new VersionedRecord(
                                              Long.parseLong(
                                                  resp.getHeader(P2pServer.VERSION_HEADER)),
                                              x.getBytes())));
                        }))
        .recover(e -> Future.failedFuture(wrap(peer, e)));
  }

  private static Future<Buffer> expect(
      NodeDescriptor peer, HttpClientResponse resp, Buffer body, int status) {
    if (resp.statusCode() != status) {
      String text = body.length() > 200 ? body.getString(0, 200) : body.toString();
      return Future.failedFuture(
          new TransferException(peer.nodeId(), resp.statusCode(), text, null));
    }
    return Future.succeededFuture(body);
  }

  private static Throwable wrap(NodeDescriptor peer, Throwable e) {
    return e instanceof TransferException
        ? e
        : new TransferException(peer.nodeId(), 0, e.toString(), e);
  }
}
