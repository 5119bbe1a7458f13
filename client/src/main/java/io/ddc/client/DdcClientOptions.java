package io.ddc.client;

import io.ddc.client.node.NodeClientOptions;
import java.util.List;

/**
 * How a {@link DdcClient} reaches the cluster. Defaults: part size 128 MiB (the official Node.js
 * client's), 4 parts of a large file in flight at once, 5 extra attempts per operation with backoff
 * from 50 ms doubling (the official retry rule), anonymous calls.
 */
public final class DdcClientOptions {
  /** Default part size of large files: 128 MiB. */
  public static final long DEFAULT_PART_SIZE = 128L * 1024 * 1024;

  /** Default number of extra attempts after a retryable failure. */
  public static final int DEFAULT_RETRIES = 5;

  /** Default number of parts of one file stored at the same time: 4. */
  public static final int DEFAULT_PART_CONCURRENCY = 4;

  /** Default first backoff, doubled after every attempt. */
  public static final long DEFAULT_BACKOFF_MILLIS = 50;

  private List<String> nodes = List.of();
  private List<String> readOnlyNodes = List.of();
  private List<String> httpNodes = List.of();
  private NodeClientOptions call = new NodeClientOptions();
  private long partSize = DEFAULT_PART_SIZE;
  private int retries = DEFAULT_RETRIES;
  private long backoffMillis = DEFAULT_BACKOFF_MILLIS;
  private boolean validate = true;
  private int partConcurrency = DEFAULT_PART_CONCURRENCY;

  /** The nodes' gRPC URLs ({@code grpc://host:port}); at least one. */
  public DdcClientOptions nodes(List<String> grpcUrls) {
    if (grpcUrls.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one node");
    }
    this.nodes = List.copyOf(grpcUrls);
    return this;
  }

  public List<String> nodes() {
    return nodes;
  }

  /**
   * Nodes that only serve reads (cache-mode nodes refuse writes): reads go to these and to {@link
   * #nodes()}, writes to {@link #nodes()} only.
   */
  public DdcClientOptions readOnlyNodes(List<String> grpcUrls) {
    this.readOnlyNodes = List.copyOf(grpcUrls);
    return this;
  }

  public List<String> readOnlyNodes() {
    return readOnlyNodes;
  }

  /**
   * The HTTP base URLs ({@code http://host:port}) of every storage and full node of the cluster,
   * asked by {@link DdcClient#search} (docs/spec/search.md §4); default none, and a search then
   * fails at once.
   */
  public DdcClientOptions httpNodes(List<String> baseUrls) {
    for (String u : baseUrls) {
      if (!u.startsWith("http://") && !u.startsWith("https://")) {
        throw new IllegalArgumentException(
            "httpNodes are http:// or https:// URLs, '" + u + "' given");
      }
    }
    this.httpNodes = List.copyOf(baseUrls);
    return this;
  }

  public List<String> httpNodes() {
    return httpNodes;
  }

  /** Signer, access token and timeouts of every call. */
  public DdcClientOptions call(NodeClientOptions options) {
    this.call = options;
    return this;
  }

  public NodeClientOptions call() {
    return call;
  }

  /** Files larger than this are stored as parts of this size (4 MiB to 128 MiB). */
  public DdcClientOptions partSize(long bytes) {
    if (bytes < 4L * 1024 * 1024 || bytes > DEFAULT_PART_SIZE) {
      throw new IllegalArgumentException("part size must be 4 MiB to 128 MiB, " + bytes + " given");
    }
    this.partSize = bytes;
    return this;
  }

  public long partSize() {
    return partSize;
  }

  /**
   * How many parts of one large file are stored at the same time (1 to 16), each retried on its
   * own; memory stays at one network buffer per part in flight, as parts stream from the file.
   */
  public DdcClientOptions partConcurrency(int n) {
    if (n < 1 || n > 16) {
      throw new IllegalArgumentException("partConcurrency must be 1 to 16, " + n + " given");
    }
    this.partConcurrency = n;
    return this;
  }

  public int partConcurrency() {
    return partConcurrency;
  }

  /** Extra attempts after a retryable failure (0 to 10). */
  public DdcClientOptions retries(int n) {
    if (n < 0 || n > 10) {
      throw new IllegalArgumentException("retries must be 0 to 10, " + n + " given");
    }
    this.retries = n;
    return this;
  }

  public int retries() {
    return retries;
  }

  /** First backoff between attempts, doubled each time. */
  public DdcClientOptions backoffMillis(long millis) {
    this.backoffMillis = Math.max(0, millis);
    return this;
  }

  public long backoffMillis() {
    return backoffMillis;
  }

  /**
   * Whether whole reads of raw and multipart pieces are checked against their CID (BLAKE3); default
   * on. A mismatch fails the read with {@link ContentMismatchException}.
   */
  public DdcClientOptions validate(boolean on) {
    this.validate = on;
    return this;
  }

  public boolean validate() {
    return validate;
  }
}
