package io.ddc.client;

import com.google.protobuf.ByteString;
import io.ddc.client.node.NodeCallException;
import io.ddc.client.node.NodeClient;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.cid.InvalidCidException;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Files, DAG nodes and names in buckets, over a set of nodes, with the official client's behaviour:
 * files up to the part size are one raw piece, larger files are stored part by part and registered
 * with {@code putMultipartPiece}; a name is a CNS record written after the content with the same
 * correlation id; every operation is retried on another node after a retryable failure.
 *
 * <p>Threading: methods may be called from any thread; futures complete on a Vert.x context.
 */
public final class DdcClient implements AutoCloseable {
  private final Vertx vertx;
  private final DdcClientOptions options;
  private final List<NodeClient> writers;
  private final List<NodeClient> readers;
  private final NodeLatency<NodeClient> latency = new NodeLatency<>();
  private io.vertx.core.http.HttpClient http;

  private DdcClient(Vertx vertx, DdcClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    List<NodeClient> ws = new ArrayList<>();
    for (String url : options.nodes()) {
      ws.add(NodeClient.create(vertx, url, options.call()));
    }
    List<NodeClient> rs = new ArrayList<>(ws);
    for (String url : options.readOnlyNodes()) {
      rs.add(NodeClient.create(vertx, url, options.call()));
    }
    this.writers = List.copyOf(ws);
    this.readers = List.copyOf(rs);
  }

  /** A client over {@code options.nodes()}. */
  public static DdcClient create(Vertx vertx, DdcClientOptions options) {
    if (options.nodes().isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one node");
    }
    return new DdcClient(vertx, options);
  }

  // ------------------------------------------------------------------ files

  /**
   * Stores {@code file} in the bucket, as one piece or in parts, then points {@code name} (null for
   * none) at it. The future carries the file's CID (raw or multipart).
   */
  public Future<Cid> store(long bucketId, Path file, String name, Progress progress) {
    String corr = UUID.randomUUID().toString();
    return vertx
        .fileSystem()
        .props(file.toString())
        .recover(
            e ->
                Future.failedFuture(
                    new DdcClientException(
                        "cannot read "
                            + file
                            + ": "
                            + (e.getCause() instanceof java.nio.file.NoSuchFileException
                                ? "no such file"
                                : e.getCause() instanceof java.nio.file.AccessDeniedException
                                    ? "permission denied"
                                    : e.getMessage()),
                        e)))
        .compose(
            props -> {
              long size = props.size();
              if (!props.isRegularFile() || size == 0) {
                return Future.failedFuture(
                    new DdcClientException(file + " is empty or not a regular file"));
              }
              Future<Cid> content =
                  size <= options.partSize()
                      ? storePart(bucketId, file, 0, size, null, 0, size, progress, corr)
                      : storeParts(bucketId, file, size, progress, corr);
              return name == null
                  ? content
                  : content.compose(cid -> putName(bucketId, name, cid, corr).map(cid));
            });
  }

  /**
   * Stores a directory like a website upload: every regular file under {@code dir} (one after the
   * other, in path order; empty files are refused as by {@link #store}), then one DAG node with a
   * link per file named by its {@code /}-separated path relative to {@code dir} and carrying its
   * size, and points {@code name} (null for none) at that node. Gateways serve {@code
   * /bucket/dagCid/relative/path} and a bare DAG CID as its {@code index.html}. The future carries
   * the DAG node's CID; {@code progress} counts the bytes of all files together.
   */
  public Future<Cid> storeDirectory(long bucketId, Path dir, String name, Progress progress) {
    return storeDirectory(bucketId, dir, name, java.util.Map.of(), progress);
  }

  /**
   * As {@link #storeDirectory(long, Path, String, Progress)}, with {@code tags} on the directory's
   * DAG node, so that {@link #search} finds it (docs/spec/search.md §5). Keys starting with {@code
   * ddc.} are reserved and refused.
   */
  public Future<Cid> storeDirectory(
      long bucketId, Path dir, String name, java.util.Map<String, String> tags, Progress progress) {
    List<io.ddc.protocol.proto.dag.Tag> userTags = userTags(tags);
    return vertx
        .executeBlocking(() -> DirectoryListing.of(dir), false)
        .compose(
            files -> {
              long total = files.stream().mapToLong(DirectoryListing.Entry::size).sum();
              Node.Builder root = Node.newBuilder();
              Future<Long> chain = Future.succeededFuture(0L);
              for (DirectoryListing.Entry f : files) {
                chain =
                    chain.compose(
                        before ->
                            store(
                                    bucketId,
                                    f.path(),
                                    null,
                                    (d, t) -> progress.update(before + d, total))
                                .map(
                                    cid -> {
                                      root.addLinks(
                                          Link.newBuilder()
                                              .setCid(ByteString.copyFrom(cid.toBytes()))
                                              .setName(f.name())
                                              .setSize(f.size()));
                                      return before + f.size();
                                    }));
              }
              root.addAllTags(userTags);
              return chain.compose(v -> storeDag(bucketId, root.build(), name));
            });
  }

  /**
   * Stores {@code file} encrypted (docs/spec/encrypted-files.md): a fresh data key seals it in
   * chunks, the encrypted object is stored as a file, and a DAG node holding the data key wrapped
   * for each of {@code recipients} (X25519 public keys; include your own to read it back) links to
   * it. {@code name} (null for none) points at the DAG node, whose CID the future carries.
   */
  public Future<Cid> storeEncrypted(
      long bucketId, Path file, String name, List<byte[]> recipients, Progress progress) {
    return storeEncrypted(bucketId, file, name, recipients, java.util.Map.of(), progress);
  }

  /**
   * As {@link #storeEncrypted(long, Path, String, List, Progress)}, with {@code tags} (not
   * encrypted) on the sealed-file DAG node next to its {@code ddc.*} tags.
   */
  public Future<Cid> storeEncrypted(
      long bucketId,
      Path file,
      String name,
      List<byte[]> recipients,
      java.util.Map<String, String> tags,
      Progress progress) {
    return new SealedFiles(this, vertx)
        .store(bucketId, file, name, recipients, userTags(tags), progress);
  }

  /**
   * Stores {@code file} (as {@link #store}), then a DAG node with one link named after the file
   * (its CID and size) and {@code tags}, and points {@code name} (null for none) at the DAG node,
   * whose CID the future carries (docs/spec/search.md §5). The file reads back as {@code
   * CID/fileName}.
   */
  public Future<Cid> storeTagged(
      long bucketId,
      Path file,
      String name,
      java.util.Map<String, String> tags,
      Progress progress) {
    List<io.ddc.protocol.proto.dag.Tag> userTags = userTags(tags);
    if (userTags.isEmpty()) {
      throw new IllegalArgumentException("a tagged file needs at least one tag");
    }
    return store(bucketId, file, null, progress)
        .compose(
            cid ->
                vertx
                    .fileSystem()
                    .props(file.toString())
                    .compose(
                        props ->
                            storeDag(
                                bucketId,
                                Node.newBuilder()
                                    .addLinks(
                                        Link.newBuilder()
                                            .setCid(ByteString.copyFrom(cid.toBytes()))
                                            .setName(file.getFileName().toString())
                                            .setSize(props.size()))
                                    .addAllTags(userTags)
                                    .build(),
                                name)));
  }

  /** Prefix of tag keys reserved for this project's formats (docs/spec/search.md §5). */
  public static final String RESERVED_TAG_PREFIX = "ddc.";

  /**
   * {@code tags} as DAG tags in iteration order; refuses empty keys and reserved ({@code ddc.})
   * ones.
   */
  static List<io.ddc.protocol.proto.dag.Tag> userTags(java.util.Map<String, String> tags) {
    List<io.ddc.protocol.proto.dag.Tag> out = new ArrayList<>();
    for (java.util.Map.Entry<String, String> t : tags.entrySet()) {
      if (t.getKey().isEmpty() || t.getKey().startsWith(RESERVED_TAG_PREFIX)) {
        throw new IllegalArgumentException(
            "a tag key is non-empty and does not start with '"
                + RESERVED_TAG_PREFIX
                + "', '"
                + t.getKey()
                + "' given");
      }
      out.add(
          io.ddc.protocol.proto.dag.Tag.newBuilder()
              .setKey(t.getKey())
              .setValue(t.getValue())
              .build());
    }
    return out;
  }

  /**
   * Whether {@code cidOrName} is an encrypted file stored by {@link #storeEncrypted}: a DAG node
   * with the encryption tag. Raw and multipart pieces are not (no read needed).
   */
  public Future<Boolean> isEncrypted(long bucketId, String cidOrName) {
    return resolve(bucketId, cidOrName, UUID.randomUUID().toString())
        .compose(
            cid ->
                cid.codec() != Cid.Codec.DAG_NODE
                    ? Future.succeededFuture(false)
                    : readDag(bucketId, cid.toString(), null).map(SealedFiles::isSealed));
  }

  /**
   * Reads and decrypts an encrypted file (or plaintext bytes {@code first..last}, inclusive, when
   * {@code first >= 0}; only the chunks holding them are fetched) into {@code out} with the data
   * key wrapped for {@code me}. Fails with {@code DecryptionException} when no envelope is for
   * {@code me} or any byte was changed; nothing is written then.
   */
  public Future<Long> readEncrypted(
      long bucketId,
      String cidOrName,
      io.ddc.client.encryption.EncryptionKeyPair me,
      Path out,
      long first,
      long last,
      Progress progress) {
    return readDag(bucketId, cidOrName, null)
        .compose(
            node ->
                SealedFiles.isSealed(node)
                    ? new SealedFiles(this, vertx)
                        .read(bucketId, node, me, out, first, last, progress)
                    : Future.failedFuture(
                        new DdcClientException(cidOrName + " is not an encrypted file")));
  }

  /**
   * Stores a large file as parts, {@link DdcClientOptions#partConcurrency()} at a time (each part
   * retried on its own), then the multipart piece listing them in order. The first part that fails
   * for good fails the file; parts already in flight finish but no new one starts.
   */
  private Future<Cid> storeParts(
      long bucketId, Path file, long size, Progress progress, String corr) {
    long part = options.partSize();
    int n = (int) ((size + part - 1) / part);
    Cid[] parts = new Cid[n];
    long[] partDone = new long[n];
    AtomicLong done = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger stored = new AtomicInteger();
    Promise<Void> all = Promise.promise();
    Runnable[] launch = new Runnable[1];
    launch[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i >= n || all.future().isComplete()) {
            return;
          }
          long offset = i * part;
          long len = Math.min(part, size - offset);
          Progress partProgress =
              (d, t) -> {
                long delta;
                synchronized (partDone) {
                  delta = d - partDone[i];
                  partDone[i] = d;
                }
                progress.update(done.addAndGet(delta), size);
              };
          storePart(
                  bucketId,
                  file,
                  offset,
                  len,
                  offset,
                  0,
                  len,
                  partProgress,
                  UUID.randomUUID().toString())
              .onComplete(
                  r -> {
                    if (r.failed()) {
                      all.tryFail(r.cause());
                      return;
                    }
                    parts[i] = r.result();
                    if (stored.incrementAndGet() == n) {
                      all.tryComplete();
                    } else {
                      launch[0].run();
                    }
                  });
        };
    for (int k = 0; k < Math.min(n, options.partConcurrency()); k++) {
      launch[0].run();
    }
    return all.future()
        .compose(
            v ->
                withRetries(
                    WRITE, nd -> nd.putMultipartPiece(bucketId, List.of(parts), part, size, corr)));
  }

  private Future<Cid> storePart(
      long bucketId,
      Path file,
      long offset,
      long len,
      Long multipartOffset,
      long doneBefore,
      long total,
      Progress progress,
      String corr) {
    return withRetries(
        WRITE,
        n ->
            vertx
                .fileSystem()
                .open(
                    file.toString(),
                    new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .compose(
                    f -> {
                      f.setReadPos(offset).setReadLength(len);
                      ReadStream<Buffer> counted = new Counting(f, doneBefore, total, progress);
                      return n.putRawPiece(bucketId, counted, len, multipartOffset, corr)
                          .eventually(() -> f.close());
                    }));
  }

  /**
   * Reads {@code cidOrName} from the bucket into {@code out}: written to {@code out.part} and
   * renamed when complete, so a failed read leaves no partial file. The future carries the bytes
   * read.
   */
  public Future<Long> read(long bucketId, String cidOrName, Path out, Progress progress) {
    String corr = UUID.randomUUID().toString();
    Path tmp = out.resolveSibling(out.getFileName() + ".part");
    return resolve(bucketId, cidOrName, corr)
        .compose(
            cid ->
                withRetries(
                    READ,
                    n ->
                        vertx
                            .fileSystem()
                            .open(
                                tmp.toString(),
                                new OpenOptions()
                                    .setWrite(true)
                                    .setCreate(true)
                                    .setTruncateExisting(true))
                            .compose(
                                f -> {
                                  long[] done = {0};
                                  ContentCheck check = ContentCheck.of(cid, options.validate());
                                  Handler<Buffer> sink =
                                      b -> {
                                        f.write(b);
                                        check.update(b);
                                        done[0] += b.length();
                                        progress.update(done[0], -1);
                                      };
                                  return n.getFile(bucketId, cid, -1, -1, sink, corr)
                                      .compose(got -> check.verify(n.node()).map(got))
                                      .compose(got -> f.flush().compose(x -> f.close()).map(got))
                                      .recover(
                                          e -> f.close().transform(x -> Future.failedFuture(e)));
                                })))
        .compose(
            got ->
                vertx
                    .fileSystem()
                    .move(
                        tmp.toString(), out.toString(), new CopyOptions().setReplaceExisting(true))
                    .map(got))
        .recover(
            e -> vertx.fileSystem().delete(tmp.toString()).transform(x -> Future.failedFuture(e)));
  }

  /** Reads {@code cid} (or an inclusive range of it when {@code start >= 0}) into memory. */
  public Future<Buffer> readBytes(long bucketId, String cidOrName, long start, long end) {
    String corr = UUID.randomUUID().toString();
    return resolve(bucketId, cidOrName, corr)
        .compose(
            cid ->
                withRetries(
                    READ,
                    n -> {
                      Buffer all = Buffer.buffer();
                      ContentCheck check = ContentCheck.of(cid, options.validate() && start < 0);
                      return n.getFile(
                              bucketId,
                              cid,
                              start,
                              end,
                              b -> {
                                all.appendBuffer(b);
                                check.update(b);
                              },
                              corr)
                          .compose(x -> check.verify(n.node()))
                          .map(all);
                    }));
  }

  /** Stores bytes as one raw piece. */
  public Future<Cid> storeBytes(long bucketId, Buffer content, String name) {
    String corr = UUID.randomUUID().toString();
    Future<Cid> cid = withRetries(WRITE, n -> n.putRawPiece(bucketId, content, corr));
    return name == null ? cid : cid.compose(c -> putName(bucketId, name, c, corr).map(c));
  }

  // ------------------------------------------------------------------ DAG and names

  /** Stores a DAG node (optionally named) and returns its CID. */
  public Future<Cid> storeDag(long bucketId, Node node, String name) {
    String corr = UUID.randomUUID().toString();
    Future<Cid> cid = withRetries(WRITE, n -> n.dagPut(bucketId, node, corr));
    return name == null ? cid : cid.compose(c -> putName(bucketId, name, c, corr).map(c));
  }

  /** Reads a DAG node by CID or name, following {@code path} (null for none). */
  public Future<Node> readDag(long bucketId, String cidOrName, String path) {
    String corr = UUID.randomUUID().toString();
    return resolve(bucketId, cidOrName, corr)
        .compose(cid -> withRetries(READ, n -> n.dagGet(bucketId, cid, path, corr)));
  }

  /**
   * The CID that {@code path} leads to from the DAG node {@code dag}, by the gateway's rule
   * (node-protocol.md C7): at each node the link named exactly the remaining path wins, else the
   * longest link name that is a prefix of it ending at {@code /}, whose target is read as the next
   * DAG node. Fails with {@link NameNotFoundException} when no link matches.
   */
  public Future<Cid> resolvePath(long bucketId, Cid dag, String path) {
    return readDag(bucketId, dag.toString(), null)
        .compose(
            node -> {
              Link best = null;
              for (Link l : node.getLinksList()) {
                if (l.getName().equals(path)) {
                  return Future.succeededFuture(Cid.fromBytes(l.getCid().toByteArray()));
                }
                if (path.startsWith(l.getName() + "/")
                    && (best == null || l.getName().length() > best.getName().length())) {
                  best = l;
                }
              }
              if (best == null) {
                return Future.failedFuture(new NameNotFoundException(bucketId, dag + "/" + path));
              }
              return resolvePath(
                  bucketId,
                  Cid.fromBytes(best.getCid().toByteArray()),
                  path.substring(best.getName().length() + 1));
            });
  }

  /** Points {@code name} at {@code cid}. */
  public Future<Void> putName(long bucketId, String name, Cid cid) {
    return putName(bucketId, name, cid, UUID.randomUUID().toString());
  }

  private Future<Void> putName(long bucketId, String name, Cid cid, String corr) {
    return withRetries(WRITE, n -> n.cnsPut(bucketId, name, cid, corr));
  }

  /**
   * The CID a string stands for: itself when it is a CID (base32 {@code b…} text of more than 32
   * bytes), else the target of that name in the bucket ({@link NameNotFoundException} when none).
   */
  public Future<Cid> resolve(long bucketId, String cidOrName, String corr) {
    Cid cid = asCid(cidOrName);
    if (cid != null) {
      return Future.succeededFuture(cid);
    }
    return withRetries(READ, n -> n.cnsGet(bucketId, cidOrName, corr))
        .compose(
            r ->
                r.isPresent()
                    ? Future.succeededFuture(Cid.fromBytes(r.get().getCid().toByteArray()))
                    : Future.failedFuture(new NameNotFoundException(bucketId, cidOrName)));
  }

  /**
   * The CID a string is, by the official client's rule (base32 text of more than 32 bytes), or null
   * for a name.
   */
  public static Cid asCidOrNull(String s) {
    return asCid(s);
  }

  static Cid asCid(String s) {
    if (!s.startsWith("b") || s.length() < 52) {
      return null;
    }
    try {
      return Cid.parse(s);
    } catch (InvalidCidException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ published encryption keys

  /**
   * Publishes {@code encryptionKey} as {@code account}'s key in the bucket (docs/spec/encryption.md
   * §3.1): a record signed by the account's key, in a DAG node named {@code ddc.keys/0x<account>}.
   * The future carries the DAG node's CID.
   */
  public Future<Cid> publishEncryptionKey(
      long bucketId,
      io.ddc.crypto.KeyPair account,
      io.ddc.client.encryption.EncryptionKeyPair encryptionKey) {
    return PublishedKeys.publish(
        this, bucketId, account, encryptionKey, options.call().clock().millis());
  }

  /**
   * The X25519 key {@code accountPublicKey} published in the bucket, after checking that the
   * account signed it; fails with {@link UntrustedKeyException} when none is published or the
   * record does not verify for that account.
   */
  public Future<byte[]> encryptionKeyOf(long bucketId, byte[] accountPublicKey) {
    return PublishedKeys.lookup(this, bucketId, accountPublicKey.clone());
  }

  // ------------------------------------------------------------------ search

  /**
   * The DAG nodes of the bucket carrying every one of {@code tags} (exact key and value), found by
   * asking every node in {@link DdcClientOptions#httpNodes()} and merging their answers by CID
   * (docs/spec/search.md §4). Uses the options' access token, else a token signed by the signer,
   * else none (public buckets). Fails with {@link SearchException} when the nodes refuse the query
   * or none answers; nodes that could not be asked are listed in the result.
   */
  public Future<SearchResult> search(long bucketId, java.util.Map<String, String> tags) {
    io.ddc.client.node.NodeClientOptions call = options.call();
    io.ddc.protocol.proto.auth.AuthToken token =
        call.accessToken() != null
            ? call.accessToken()
            : call.signer() != null
                ? io.ddc.client.node.AuthTokens.defaultToken(call.signer(), call.clock().instant())
                : null;
    synchronized (this) {
      if (http == null) {
        http = vertx.createHttpClient();
      }
    }
    return new TagSearch(
            vertx,
            http,
            options.httpNodes(),
            token == null ? null : io.ddc.client.node.AuthTokens.toBase58(token),
            call.timeout())
        .run(bucketId, tags);
  }

  // ------------------------------------------------------------------ retries

  /**
   * Runs {@code call} on the node with the lowest average latency so far ({@link NodeLatency}:
   * unmeasured nodes first, in random order); after a retryable failure, again on the next node (or
   * any, once all were tried), up to {@link DdcClientOptions#retries()} more times with doubling
   * backoff.
   */
  private static final boolean WRITE = true;

  private static final boolean READ = false;

  <T> Future<T> withRetries(boolean write, Function<NodeClient, Future<T>> call) {
    List<NodeClient> order = latency.order(write ? writers : readers);
    Promise<T> result = Promise.promise();
    attempt(call, order, 0, options.backoffMillis(), result);
    return result.future();
  }

  private <T> void attempt(
      Function<NodeClient, Future<T>> call,
      List<NodeClient> order,
      int n,
      long backoff,
      Promise<T> result) {
    NodeClient node = order.get(n % order.size());
    long started = System.nanoTime();
    Future<T> f;
    try {
      f = call.apply(node);
    } catch (RuntimeException e) {
      result.fail(e);
      return;
    }
    f.onComplete(
        ar -> {
          if (ar.succeeded() || !(ar.cause() instanceof NodeCallException e && e.retryable())) {
            latency.success(node, (System.nanoTime() - started) / 1e6);
          } else {
            latency.failure(node);
          }
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else if (n < options.retries()
              && ar.cause() instanceof NodeCallException e
              && e.retryable()) {
            vertx.setTimer(
                Math.max(1, backoff), t -> attempt(call, order, n + 1, backoff * 2, result));
          } else {
            result.fail(ar.cause());
          }
        });
  }

  /**
   * Checks a whole raw or multipart read against its CID (both are BLAKE3 of the content); DAG
   * nodes and ranges are not checked here.
   */
  private static final class ContentCheck {
    private final Cid cid;
    private final org.bouncycastle.crypto.digests.Blake3Digest digest;

    private ContentCheck(Cid cid, org.bouncycastle.crypto.digests.Blake3Digest digest) {
      this.cid = cid;
      this.digest = digest;
    }

    static ContentCheck of(Cid cid, boolean enabled) {
      boolean content = cid.codec() == Cid.Codec.RAW || cid.codec() == Cid.Codec.MULTIPART;
      return new ContentCheck(
          cid, enabled && content ? new org.bouncycastle.crypto.digests.Blake3Digest(256) : null);
    }

    void update(Buffer b) {
      if (digest != null) {
        byte[] bytes = b.getBytes();
        digest.update(bytes, 0, bytes.length);
      }
    }

    Future<Void> verify(String node) {
      if (digest == null) {
        return Future.succeededFuture();
      }
      byte[] got = new byte[32];
      digest.doFinal(got, 0);
      return java.util.Arrays.equals(got, cid.digest())
          ? Future.succeededFuture()
          : Future.failedFuture(new ContentMismatchException(cid, node));
    }
  }

  @Override
  public void close() {
    readers.forEach(NodeClient::close);
    synchronized (this) {
      if (http != null) {
        http.close();
      }
    }
  }

  /** A read stream that reports how many bytes went through. */
  private static final class Counting implements ReadStream<Buffer> {
    private final ReadStream<Buffer> in;
    private final long before;
    private final long total;
    private final Progress progress;
    private long seen;

    Counting(ReadStream<Buffer> in, long before, long total, Progress progress) {
      this.in = in;
      this.before = before;
      this.total = total;
      this.progress = progress;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      in.exceptionHandler(h);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      in.handler(
          h == null
              ? null
              : b -> {
                seen += b.length();
                progress.update(before + seen, total);
                h.handle(b);
              });
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      in.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      in.resume();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      in.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      in.endHandler(h);
      return this;
    }
  }
}
