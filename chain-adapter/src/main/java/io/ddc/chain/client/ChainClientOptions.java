package io.ddc.chain.client;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of {@link RpcClient} and {@link SubstrateClient}: where the node is, timeouts, reconnect
 * backoff.
 */
public final class ChainClientOptions {
  /** Default node address: {@value} (a local node or the dev chain). */
  public static final String DEFAULT_URI = "ws://127.0.0.1:9944";

  /** Default time a request may wait for its answer (including a reconnect): 30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Default first reconnect delay: 250 ms, doubled after each failed attempt. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);

  /** Default longest reconnect delay: 10 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  /** Default mortality of signed extrinsics: {@value} blocks (polkadot-js's default). */
  public static final int DEFAULT_ERA_PERIOD = 64;

  /**
   * Default largest WebSocket message accepted: 64 MiB (metadata of a full runtime is several MiB
   * of hex).
   */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;

  private URI uri = URI.create(DEFAULT_URI);
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
  private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
  private int eraPeriod = DEFAULT_ERA_PERIOD;
  private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

  public ChainClientOptions() {}

  /** A copy of {@code o}. */
  public ChainClientOptions(ChainClientOptions o) {
    this.uri = o.uri;
    this.requestTimeout = o.requestTimeout;
    this.initialBackoff = o.initialBackoff;
    this.maxBackoff = o.maxBackoff;
    this.eraPeriod = o.eraPeriod;
    this.maxMessageBytes = o.maxMessageBytes;
  }

  public URI getUri() {
    return uri;
  }

  /** {@code ws://} or {@code wss://} address of the node (default {@value #DEFAULT_URI}). */
  public ChainClientOptions setUri(URI uri) {
    if (uri == null || !("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("uri must be ws:// or wss://, " + uri + " given");
    }
    this.uri = uri;
    return this;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Longest wait for one answer (default 30 s), at least 1 ms. */
  public ChainClientOptions setRequestTimeout(Duration d) {
    this.requestTimeout = positive(d, "requestTimeout");
    return this;
  }

  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  /** First reconnect delay (default 250 ms). */
  public ChainClientOptions setInitialBackoff(Duration d) {
    this.initialBackoff = positive(d, "initialBackoff");
    return this;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  /** Longest reconnect delay (default 10 s). */
  public ChainClientOptions setMaxBackoff(Duration d) {
    this.maxBackoff = positive(d, "maxBackoff");
    return this;
  }

  public int getEraPeriod() {
    return eraPeriod;
  }

  /**
   * Mortality of signed extrinsics in blocks, 4..65536, rounded up to a power of two (default 64);
   * 0 = immortal.
   */
  public ChainClientOptions setEraPeriod(int eraPeriod) {
    if (eraPeriod != 0 && (eraPeriod < 4 || eraPeriod > 65536)) {
      throw new IllegalArgumentException(
          "eraPeriod must be 0 (immortal) or 4..65536, " + eraPeriod + " given");
    }
    this.eraPeriod = eraPeriod;
    return this;
  }

  public int getMaxMessageBytes() {
    return maxMessageBytes;
  }

  /** Largest WebSocket message accepted (default 64 MiB), at least 64 KiB. */
  public ChainClientOptions setMaxMessageBytes(int n) {
    if (n < 65536) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 65536, " + n + " given");
    }
    this.maxMessageBytes = n;
    return this;
  }

  /** The options as JSON (durations in milliseconds). */
  public io.vertx.core.json.JsonObject toJson() {
    return new io.vertx.core.json.JsonObject()
        .put("uri", uri.toString())
        .put("requestTimeoutMillis", requestTimeout.toMillis())
        .put("initialBackoffMillis", initialBackoff.toMillis())
        .put("maxBackoffMillis", maxBackoff.toMillis())
        .put("eraPeriod", eraPeriod)
        .put("maxMessageBytes", maxMessageBytes);
  }

  /** Options from {@link #toJson()}'s form; absent keys keep their defaults. */
  public static ChainClientOptions fromJson(io.vertx.core.json.JsonObject j) {
    ChainClientOptions o = new ChainClientOptions();
    if (j.containsKey("uri")) o.setUri(URI.create(j.getString("uri")));
    if (j.containsKey("requestTimeoutMillis"))
      o.setRequestTimeout(Duration.ofMillis(j.getLong("requestTimeoutMillis")));
    if (j.containsKey("initialBackoffMillis"))
      o.setInitialBackoff(Duration.ofMillis(j.getLong("initialBackoffMillis")));
    if (j.containsKey("maxBackoffMillis"))
      o.setMaxBackoff(Duration.ofMillis(j.getLong("maxBackoffMillis")));
    if (j.containsKey("eraPeriod")) o.setEraPeriod(j.getInteger("eraPeriod"));
    if (j.containsKey("maxMessageBytes")) o.setMaxMessageBytes(j.getInteger("maxMessageBytes"));
    return o;
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, " + d + " given");
    }
    return d;
  }
}
