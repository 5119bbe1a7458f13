package io.ddc.edge;

import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.cns.Record;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.storage.PieceRegion;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP CDN gateway (docs/spec/gateway.md): {@code GET|HEAD /{bucketId}/{cid}}, {@code
 * /{bucketId}/{dagCid}/{link/path}} and {@code /{bucketId}/{cnsName}}, {@code ?token=} for private
 * buckets, one byte range per request, ETag = CID. A single raw piece is sent with {@code sendfile}
 * from the leased region's file and offset; multipart content is streamed part by part under the
 * response's write-queue back-pressure. Nothing is held whole on the heap.
 */
final class HttpGateway implements HotGetHandler.Source {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String NAME_TTL = "public, max-age=60";
  static final int STREAM_CHUNK = 1 << 20;
  // Header names and fixed values encoded once (no validation or hashing per response).
  private static final CharSequence H_ALLOW_ORIGIN =
      HttpHeaders.createOptimized("access-control-allow-origin");
  private static final CharSequence H_ETAG = HttpHeaders.createOptimized("etag");
  private static final CharSequence H_ACCEPT_RANGES = HttpHeaders.createOptimized("accept-ranges");
  private static final CharSequence H_CACHE_CONTROL = HttpHeaders.createOptimized("cache-control");
  private static final CharSequence H_CONTENT_TYPE = HttpHeaders.createOptimized("content-type");
  private static final CharSequence H_CONTENT_LENGTH =
      HttpHeaders.createOptimized("content-length");
  private static final CharSequence H_NOSNIFF =
      HttpHeaders.createOptimized("x-content-type-options");
  private static final CharSequence H_RANGE = HttpHeaders.createOptimized("range");
  private static final CharSequence H_IF_NONE_MATCH = HttpHeaders.createOptimized("if-none-match");
  private static final CharSequence V_ANY = HttpHeaders.createOptimized("*");
  private static final CharSequence V_BYTES = HttpHeaders.createOptimized("bytes");
  private static final CharSequence V_NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence V_IMMUTABLE = HttpHeaders.createOptimized(IMMUTABLE);
  private static final CharSequence V_NAME_TTL = HttpHeaders.createOptimized(NAME_TTL);
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final Pattern BUCKET = Pattern.compile("\\d{1,16}n?");

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("htm", "text/html; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("wasm", "application/wasm"));

  /**
   * Ranges up to this size inside one part are read (and checksum-checked) on a worker and sent
   * from memory; larger ones go out with sendfile.
   */
  static final long SMALL_READ = 64 * 1024;

  /** Sniffed types kept per CID. */
  static final int SNIFFED_CACHE_ENTRIES = 16_384;

  private final NodeApi api;
  private final HotPieces hot;
  private final LruCache<Cid, String> sniffed = new LruCache<>(SNIFFED_CACHE_ENTRIES);
  private final EdgeMetrics.GatewayMeters byCid;
  private final EdgeMetrics.GatewayMeters byDagPath;
  private final EdgeMetrics.GatewayMeters byName;
  private final io.micrometer.core.instrument.Counter direct;

  HttpGateway(NodeApi api, EdgeMetrics metrics) {
    this.api = api;
    this.hot = api.hotPieces();
    metrics.hotPieces(hot);
    this.byCid = metrics.gatewayMeters("cid");
    this.byDagPath = metrics.gatewayMeters("dag-path");
    this.byName = metrics.gatewayMeters("name");
    this.direct = metrics.hotDirectAnswers();
  }

  /**
   * The request path percent-decoded once; a path of unreserved characters and {@code /} only (the
   * common case) is returned as it is, without parsing.
   */
  static String decodedPath(String raw) throws URISyntaxException {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '/'
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!plain) {
        return new URI("http://h" + raw).getPath();
      }
    }
    return raw;
  }

  /** Whether {@code path} is a gateway path: it starts with a bucket id segment. */
  static boolean matches(String path) {
    int second = path.indexOf('/', 1);
    return second > 1 && BUCKET.matcher(path.substring(1, second)).matches();
  }

  /**
   * What a URL resolved to; {@code hotPath} is the request path when the answer may be kept in
   * {@link HotPieces} (a whole raw piece named by {@code /{bucketId}/{cid}}), else null.
   */
  private record Target(Cid cid, String linkName, boolean byName, String hotPath) {
    Target(Cid cid, String linkName, boolean byName) {
      this(cid, linkName, byName, null);
    }
  }

  /**
   * Answers {@code req} from {@link HotPieces} when it is a plain {@code GET}/{@code HEAD} of a
   * kept path (no range, no conditional); the HTTP port asks this before any other routing, since
   * only gateway paths are ever kept. Returns false, having done nothing, otherwise.
   */
  boolean serveIfHot(HttpServerRequest req) {
    HotPieces.Entry hit;
    if ((req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)
        && (hit = hot.get(req.path())) != null
        && req.getHeader(H_RANGE) == null
        && req.getHeader(H_IF_NONE_MATCH) == null) {
      serveHot(req, hit, System.nanoTime());
      return true;
    }
    return false;
  }

  /**
   * The kept answer for a token-less {@code GET}/{@code HEAD} of {@code path} when its bucket's
   * authorization is decided at once and allows it; null otherwise, and the request then goes the
   * way of {@link #serveIfHot}, which decides the rest.
   */
  @Override
  public HotPieces.Entry hotAllowedNow(String path) {
    HotPieces.Entry e = hot.get(path);
    return e != null && api.authorized(null, e.bucket(), Operation.GET, e.cid()).succeeded()
        ? e
        : null;
  }

  /** Meters a hot answer written before Vert.x: a {@code 200} of the {@code cid} route. */
  @Override
  public void meterHot(long started, long bytes) {
    byCid.record(200, System.nanoTime() - started, bytes);
    direct.increment();
  }

  /** Any gateway request; a hot one is answered by {@link #serveIfHot} first. */
  void handle(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    long started = System.nanoTime();
    resp.putHeader(H_ALLOW_ORIGIN, V_ANY);
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      meter(resp, byName, started);
      resp.setStatusCode(405).putHeader("allow", "GET, HEAD").end();
      return;
    }
    String path;
    try {
      path = decodedPath(req.path());
    } catch (URISyntaxException e) {
      meter(resp, byName, started);
      error(resp, StatusMapping.of(EdgeException.invalid("malformed path")));
      return;
    }
    int second = path.indexOf('/', 1);
    String bucketText = path.substring(1, second);
    long bucket =
        Long.parseLong(
            bucketText.endsWith("n")
                ? bucketText.substring(0, bucketText.length() - 1)
                : bucketText);
    String rest = path.substring(second + 1);
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    Cid firstCid = asCid(first);
    meter(resp, firstCid == null ? byName : slash < 0 ? byCid : byDagPath, started);
    if (rest.isEmpty() || rest.startsWith("/") || rest.endsWith("/")) {
      error(resp, StatusMapping.of(EdgeException.invalid("the path must name a CID or a name")));
      return;
    }
    if (slash >= 0 || rest.charAt(0) == '.') {
      for (String seg : rest.split("/")) {
        if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
          error(
              resp,
              StatusMapping.of(
                  EdgeException.invalid("path segments '.', '..' and '' are not allowed")));
          return;
        }
      }
    }
    String token = req.query() == null ? null : req.getParam("token");
    Future<Target> target;
    if (firstCid != null) {
      String linkPath = slash < 0 ? "" : rest.substring(slash + 1);
      String hotPath = slash < 0 ? req.path() : null;
      target =
          api.authorized(token, bucket, Operation.GET, firstCid)
              .compose(
                  b ->
                      hotPath != null && firstCid.codec() == Cid.Codec.RAW
                          ? Future.succeededFuture(new Target(firstCid, null, false, hotPath))
                          : resolve(bucket, firstCid, linkPath, false));
    } else {
      target =
          api.authorized(token, bucket, Operation.GET, null)
              .compose(b -> byName(bucket, rest, rest.length()));
    }
    target
        .compose(t -> serve(req, bucket, t))
        .onFailure(
            t -> {
              if (!resp.headWritten()) {
                error(resp, StatusMapping.of(t));
              } else {
                resp.reset();
              }
            });
  }

  /**
   * A hot small piece: authorized like any GET (the bucket may be private, or its owner in debt),
   * then answered from {@link HotPieces} with the header values encoded when it was cached, on the
   * event loop, in one write. When the authorization is decided at once (a known bucket, no debt
   * lookup pending) the answer is written in the same call, without a listener; the request is
   * metered when its response is handed to the connection (its size is known).
   */
  private void serveHot(HttpServerRequest req, HotPieces.Entry e, long started) {
    String token = req.query() == null ? null : req.getParam("token");
    Future<BucketRegistry.Bucket> allowed =
        api.authorized(token, e.bucket(), Operation.GET, e.cid());
    if (allowed.isComplete()) {
      answerHot(req, e, started, allowed.cause());
    } else {
      allowed.onComplete(ar -> answerHot(req, e, started, ar.cause()));
    }
  }

  private void answerHot(HttpServerRequest req, HotPieces.Entry e, long started, Throwable denied) {
    HttpServerResponse resp = req.response();
    if (denied != null) {
      meter(resp, byCid, started);
      resp.putHeader(H_ALLOW_ORIGIN, V_ANY);
      error(resp, StatusMapping.of(denied));
      return;
    }
    resp.headers().setAll(e.headers());
    boolean head = req.method() == HttpMethod.HEAD;
    if (head) {
      resp.end();
    } else {
      resp.end(BufferInternal.buffer(e.body()));
    }
    byCid.record(200, System.nanoTime() - started, head ? 0 : e.size());
  }

  /**
   * The headers of a hot piece's {@code 200} answer, the same as {@link #respond} writes for it,
   * built once when the piece is kept, read-only.
   */
  static MultiMap hotHeaders(Cid cid, long size, String type) {
    return HttpHeaders.headers()
        .add(H_ALLOW_ORIGIN, V_ANY)
        .add(H_ETAG, HttpHeaders.createOptimized("\"" + cid + "\""))
        .add(H_ACCEPT_RANGES, V_BYTES)
        .add(H_CACHE_CONTROL, V_IMMUTABLE)
        .add(H_CONTENT_TYPE, HttpHeaders.createOptimized(type))
        .add(H_NOSNIFF, V_NOSNIFF)
        .add(H_CONTENT_LENGTH, HttpHeaders.createOptimized(Long.toString(size)))
        .copy(false);
  }

  /** Records the request on {@code meters} when its response ends. */
  private static void meter(
      HttpServerResponse resp, EdgeMetrics.GatewayMeters meters, long started) {
    resp.endHandler(
        v -> meters.record(resp.getStatusCode(), System.nanoTime() - started, resp.bytesWritten()));
  }

  /**
   * What {@code path} leads to by name: the target of the name {@code path.substring(0, end)} with
   * the rest of the path below it (a link path in the DAG node the name points to), else the same
   * for the next shorter prefix ending before a {@code /} (gateway.md: the whole path first, then
   * the longest prefix that is a name, so that a directory stored under a name is served below it).
   * Not found when no prefix is a name.
   */
  private Future<Target> byName(long bucket, String path, int end) {
    return api.content()
        .name(bucket, path.substring(0, end))
        .compose(
            o -> {
              if (o.isEmpty()) {
                int shorter = path.lastIndexOf('/', end - 1);
                if (shorter <= 0) {
                  throw EdgeException.notFound("no name '" + path + "' in bucket " + bucket);
                }
                return byName(bucket, path, shorter);
              }
              Record r;
              try {
                r = Record.parseFrom(o.get());
              } catch (Exception e) {
                throw new EdgeException(EdgeException.Reason.INTERNAL, "stored record unreadable");
              }
              String below = end == path.length() ? "" : path.substring(end + 1);
              return resolve(bucket, Cid.fromBytes(r.getCid().toByteArray()), below, true);
            });
  }

  /**
   * A DAG path resolves to the object its last link points to, walking links by the rule of C7
   * (whole remaining path first, then the longest prefix at a {@code /}); a bare DAG node serves
   * its {@code index.html} link.
   */
  private Future<Target> resolve(long bucket, Cid cid, String linkPath, boolean byName) {
    if (cid.codec() != Cid.Codec.DAG_NODE) {
      if (!linkPath.isEmpty()) {
        return Future.failedFuture(
            EdgeException.invalid(cid + " is not a DAG node: no path below it"));
      }
      return Future.succeededFuture(new Target(cid, null, byName));
    }
    String path = linkPath.isEmpty() ? "index.html" : linkPath;
    return api.loadDag(bucket, cid)
        .compose(
            bytes -> {
              Node node;
              try {
                node = Node.parseFrom(bytes);
              } catch (Exception e) {
                throw new EdgeException(
                    EdgeException.Reason.INTERNAL, "stored DAG node unreadable");
              }
              Link hop = null;
              String rest = "";
              for (Link l : node.getLinksList()) {
                if (l.getName().equals(path)) {
                  hop = l;
                  rest = "";
                  break;
                }
                if (!l.getName().isEmpty()
                    && path.startsWith(l.getName() + "/")
                    && (hop == null || l.getName().length() > hop.getName().length())) {
                  hop = l;
                  rest = path.substring(l.getName().length() + 1);
                }
              }
              if (hop == null) {
                throw EdgeException.notFound("no link '" + path + "' below " + cid);
              }
              Cid next = Cid.fromBytes(hop.getCid().toByteArray());
              if (rest.isEmpty()) {
                return Future.succeededFuture(new Target(next, hop.getName(), byName));
              }
              return resolve(bucket, next, rest, byName);
            });
  }

  private Future<Void> serve(HttpServerRequest req, long bucket, Target t) {
    HttpServerResponse resp = req.response();
    return api.content()
        .resolve(bucket, t.cid())
        .compose(
            resolved -> {
              String named = typeByName(t.linkName());
              return named != null
                  ? respond(req, bucket, t, resolved, named)
                  : sniffedType(t.cid(), resolved)
                      .compose(type -> respond(req, bucket, t, resolved, type));
            });
  }

  /**
   * The sniffed type of a piece (ContentSniffer), from its first bytes, once per CID: the content
   * of a CID never changes.
   */
  private Future<String> sniffedType(Cid cid, BucketContent.Resolved resolved) {
    String known = sniffed.get(cid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (resolved.size() == 0) {
      return Future.succeededFuture(ContentSniffer.OCTET_STREAM);
    }
    BucketContent.Part first = resolved.parts().get(0);
    int n = (int) Math.min(ContentSniffer.WINDOW, first.size());
    return open(first)
        .compose(
            region ->
                BucketContent.here(region.read(0, n))
                    .map(
                        (ByteBuffer bb) -> {
                          byte[] head = new byte[n];
                          bb.get(head);
                          String type = ContentSniffer.sniff(head, n);
                          sniffed.put(cid, type);
                          return type;
                        })
                    .onComplete(ar -> region.close()));
  }

  private Future<Void> respond(
      HttpServerRequest req, long bucket, Target t, BucketContent.Resolved resolved, String type) {
    HttpServerResponse resp = req.response();
    long size = resolved.size();
    String etag = "\"" + t.cid() + "\"";
    resp.putHeader(H_ETAG, etag)
        .putHeader(H_ACCEPT_RANGES, V_BYTES)
        .putHeader(H_CACHE_CONTROL, t.byName() ? V_NAME_TTL : V_IMMUTABLE)
        .putHeader(H_CONTENT_TYPE, type)
        .putHeader(H_NOSNIFF, V_NOSNIFF);
    String inm = req.getHeader("if-none-match");
    if (inm != null && (inm.contains(etag) || inm.strip().equals("*"))) {
      resp.setStatusCode(304).end();
      return Future.succeededFuture();
    }
    long start = 0;
    long end = size - 1;
    String range = req.getHeader("range");
    if (range != null) {
      long[] r = parseRange(range, size);
      if (r == null) {
        resp.setStatusCode(416).putHeader("content-range", "bytes */" + size).end();
        return Future.succeededFuture();
      }
      start = r[0];
      end = r[1];
      resp.setStatusCode(206).putHeader("content-range", "bytes " + start + "-" + end + "/" + size);
    }
    long length = size == 0 ? 0 : end - start + 1;
    resp.putHeader(H_CONTENT_LENGTH, Long.toString(length));
    if (req.method() == HttpMethod.HEAD || length == 0) {
      resp.end();
      return Future.succeededFuture();
    }
    HotKey keep =
        t.hotPath() != null && range == null && length == size && hot.admits(size)
            ? new HotKey(t.hotPath(), bucket, t.cid(), type)
            : null;
    return send(resp, resolved, start, length, req.version() == HttpVersion.HTTP_2, keep);
  }

  /** Where and how a whole small piece's answer is kept in {@link HotPieces}. */
  private record HotKey(String path, long bucket, Cid cid, String type) {}

  /**
   * Sends {@code length} bytes from {@code start}: sendfile for one part, streaming across parts.
   * HTTP/2 (h2c) responses are always streamed in checked chunks: the server's HTTP/2 stream has no
   * sendfile from an open channel, and a DATA frame cannot be a file region.
   */
  private Future<Void> send(
      HttpServerResponse resp,
      BucketContent.Resolved r,
      long start,
      long length,
      boolean http2,
      HotKey keep) {
    long partStart = 0;
    int i = 0;
    while (start >= partStart + r.parts().get(i).size()) {
      partStart += r.parts().get(i).size();
      i++;
    }
    long offsetInPart = start - partStart;
    BucketContent.Part part = r.parts().get(i);
    if (offsetInPart + length <= part.size() && length <= SMALL_READ) {
      // small: one checked pread on a worker instead of a path-based sendfile's open/stat/close;
      // a whole small piece is kept for the next request of the same path (serveHot)
      io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
      return open(part)
          .compose(
              region ->
                  context
                      .executeBlocking(
                          () -> {
                            ByteBuffer dst = ByteBuffer.allocate((int) length);
                            region.readFully(offsetInPart, dst);
                            dst.flip();
                            HotPieces.Entry kept =
                                keep == null
                                    ? null
                                    : hot.put(
                                        keep.path(), keep.bucket(), keep.cid(), dst, keep.type());
                            return kept != null
                                ? BufferInternal.buffer(kept.body())
                                : Buffer.buffer(dst.array());
                          },
                          false)
                      .onComplete(ar -> region.close()))
          .compose(resp::end);
    }
    if (offsetInPart + length <= part.size() && !http2) {
      return open(part).compose(region -> sendFile(resp, region, offsetInPart, length));
    }
    return stream(resp, r, i, offsetInPart, length);
  }

  /**
   * Zero copy from the store's open segment channel; the region's lease keeps the channel open
   * (compaction cannot close or delete the file) until the transfer has completed or failed.
   */
  private static Future<Void> sendFile(
      HttpServerResponse resp, PieceRegion region, long offset, long length) {
    java.nio.channels.FileChannel ch = region.channel();
    Future<Void> sent =
        ch != null
            ? resp.sendFile(ch, region.fileOffset() + offset, length)
            : resp.sendFile(region.file().toString(), region.fileOffset() + offset, length);
    return sent.onComplete(ar -> region.close());
  }

  private Future<PieceRegion> open(BucketContent.Part part) {
    return api.content().open(Cid.of(Cid.Codec.RAW, part.digest()));
  }

  private Future<Void> stream(
      HttpServerResponse resp, BucketContent.Resolved r, int part, long offset, long remaining) {
    if (remaining == 0) {
      return resp.end();
    }
    BucketContent.Part p = r.parts().get(part);
    long inPart = Math.min(remaining, p.size() - offset);
    return open(p)
        .compose(
            region -> streamRegion(resp, region, offset, inPart).onComplete(ar -> region.close()))
        .compose(v -> stream(resp, r, part + 1, 0, remaining - inPart));
  }

  /**
   * Streams a region in chunks of {@link #STREAM_CHUNK}: each is read (checksum-checked) on a
   * worker into one of the node's reused direct read buffers ({@link ReadBuffers}), written, and
   * released once written, so no byte passes through the heap. The next chunk is read when the
   * write queue has room.
   */
  private Future<Void> streamRegion(
      HttpServerResponse resp, PieceRegion region, long offset, long length) {
    if (length == 0) {
      return Future.succeededFuture();
    }
    int n = (int) Math.min(STREAM_CHUNK, length);
    return Vertx.currentContext()
        .executeBlocking(
            () -> {
              ByteBuf buf = api.readBuffers().take(n);
              try {
                region.readFully(offset, buf.nioBuffer(0, n));
                return buf.writerIndex(n);
              } catch (RuntimeException e) {
                buf.release();
                throw e;
              }
            },
            false)
        .compose(
            buf -> {
              if (resp.closed()) {
                buf.release();
                return Future.failedFuture(
                    EdgeException.unavailable("the client closed the connection"));
              }
              Future<Void> written;
              try {
                written = resp.write(BufferInternal.buffer(buf));
              } catch (RuntimeException e) {
                buf.release();
                throw e;
              }
              written.onComplete(ar -> buf.release());
              if (resp.writeQueueFull()) {
                return written.compose(v -> streamRegion(resp, region, offset + n, length - n));
              }
              return streamRegion(resp, region, offset + n, length - n);
            });
  }

  /** One range of {@code bytes=a-b | a- | -n}, clamped; null when unsatisfiable or malformed. */
  static long[] parseRange(String header, long size) {
    Matcher m = RANGE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty()) || size == 0) {
      return null;
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        return suffix == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
      }
      long start = Long.parseLong(m.group(1));
      long end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
      return start > end || start >= size ? null : new long[] {start, end};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The type a link name's extension names, or null when it has no known extension. */
  static String typeByName(String linkName) {
    if (linkName != null) {
      int dot = linkName.lastIndexOf('.');
      if (dot >= 0) {
        return TYPES.get(linkName.substring(dot + 1).toLowerCase(Locale.ROOT));
      }
    }
    return null;
  }

  /** A CID when the segment decodes as base32 to more than 32 bytes (§4.7), else null. */
  static Cid asCid(String segment) {
    if (segment.length() < 50 || (segment.charAt(0) != 'b' && segment.charAt(0) != 'B')) {
      return null;
    }
    try {
      return Cid.parse(segment.charAt(0) == 'B' ? "b" + segment.substring(1) : segment, true);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void error(HttpServerResponse resp, StatusMapping.Status s) {
    resp.setStatusCode(s.http())
        .putHeader("content-type", "text/plain; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(s.message() + "\n");
  }
}
