package io.ddc.validator;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one validator process. Every setting has a documented default ({@code DEFAULT_*});
 * setters reject a bad value at once and name it. docs/spec/validator.md describes each.
 */
public final class ValidatorOptions {

  /** Default interval between two looks at the nodes' eras and the chain: 5 s. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /** Default timeout of one HTTP request to a node: 20 s (chain.md §4.1 RESPONSE_TIMEOUT). */
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(20);

  /** Default number of attempts of one HTTP request to a node: 3 (chain.md §4.1). */
  public static final int DEFAULT_HTTP_ATTEMPTS = 3;

  /** Default number of pieces challenged per node and era: 3. */
  public static final int DEFAULT_AUDIT_SAMPLES = 3;

  /**
   * Default multiplier of {@code auditSamples} for a node that a peer reported serving corrupt
   * bytes (activity-api.md §6.8): 4.
   */
  public static final int DEFAULT_SUSPECT_AUDIT_FACTOR = 4;

  /** Default length of one challenged byte range: 1024 bytes (shorter pieces: the whole piece). */
  public static final int DEFAULT_AUDIT_RANGE_BYTES = 1024;

  /**
   * Default number of failed challenges of one node in one era that makes this validator report it
   * on chain as faulty: 2.
   */
  public static final int DEFAULT_AUDIT_FAILURE_THRESHOLD = 2;

  /**
   * Default wait before a validator that is not the era's payout leader takes the payout over, per
   * rank behind the leader: 30 s.
   */
  public static final Duration DEFAULT_PAYOUT_FALLBACK = Duration.ofSeconds(30);

  /**
   * Default longest wait for every node of the cluster to seal an era before the validator goes on
   * with the nodes that did: 10 min. A node that has not sealed the era by then earns nothing for
   * it.
   */
  public static final Duration DEFAULT_ERA_SEAL_TIMEOUT = Duration.ofMinutes(10);

  /** Default data directory (audit results per era): {@code ddc-validator-data}. */
  public static final Path DEFAULT_DATA_DIR = Path.of("ddc-validator-data");

  private Duration pollInterval = DEFAULT_POLL_INTERVAL;
  private Duration httpTimeout = DEFAULT_HTTP_TIMEOUT;
  private int httpAttempts = DEFAULT_HTTP_ATTEMPTS;
  private int auditSamples = DEFAULT_AUDIT_SAMPLES;
  private int suspectAuditFactor = DEFAULT_SUSPECT_AUDIT_FACTOR;
  private int auditRangeBytes = DEFAULT_AUDIT_RANGE_BYTES;
  private int auditFailureThreshold = DEFAULT_AUDIT_FAILURE_THRESHOLD;
  private Duration payoutFallback = DEFAULT_PAYOUT_FALLBACK;
  private Duration eraSealTimeout = DEFAULT_ERA_SEAL_TIMEOUT;
  private Path dataDir = DEFAULT_DATA_DIR;

  public ValidatorOptions() {}

  /** A copy of {@code other}. */
  public ValidatorOptions(ValidatorOptions other) {
    this.pollInterval = other.pollInterval;
    this.httpTimeout = other.httpTimeout;
    this.httpAttempts = other.httpAttempts;
    this.auditSamples = other.auditSamples;
    this.suspectAuditFactor = other.suspectAuditFactor;
    this.auditRangeBytes = other.auditRangeBytes;
    this.auditFailureThreshold = other.auditFailureThreshold;
    this.payoutFallback = other.payoutFallback;
    this.eraSealTimeout = other.eraSealTimeout;
    this.dataDir = other.dataDir;
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, " + d + " given");
    }
    return d;
  }

  private static int atLeast(String name, int min, int v) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", " + v + " given");
    }
    return v;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public ValidatorOptions pollInterval(Duration v) {
    this.pollInterval = positive("pollInterval", v);
    return this;
  }

  public Duration httpTimeout() {
    return httpTimeout;
  }

  public ValidatorOptions httpTimeout(Duration v) {
    this.httpTimeout = positive("httpTimeout", v);
    return this;
  }

  public int httpAttempts() {
    return httpAttempts;
  }

  public ValidatorOptions httpAttempts(int v) {
    this.httpAttempts = atLeast("httpAttempts", 1, v);
    return this;
  }

  public int auditSamples() {
    return auditSamples;
  }

  /** Pieces challenged per node and era; 0 switches audits off. */
  public ValidatorOptions auditSamples(int v) {
    this.auditSamples = atLeast("auditSamples", 0, v);
    return this;
  }

  public int suspectAuditFactor() {
    return suspectAuditFactor;
  }

  /**
   * Multiplier of {@link #auditSamples()} for a node that a peer reported serving corrupt bytes; 1
   * treats reported nodes like the others.
   */
  public ValidatorOptions suspectAuditFactor(int v) {
    this.suspectAuditFactor = atLeast("suspectAuditFactor", 1, v);
    return this;
  }

  public int auditRangeBytes() {
    return auditRangeBytes;
  }

  public ValidatorOptions auditRangeBytes(int v) {
    this.auditRangeBytes = atLeast("auditRangeBytes", 1, v);
    return this;
  }

  public int auditFailureThreshold() {
    return auditFailureThreshold;
  }

  public ValidatorOptions auditFailureThreshold(int v) {
    this.auditFailureThreshold = atLeast("auditFailureThreshold", 1, v);
    return this;
  }

  public Duration payoutFallback() {
    return payoutFallback;
  }

  public ValidatorOptions payoutFallback(Duration v) {
    this.payoutFallback = positive("payoutFallback", v);
    return this;
  }

  public Duration eraSealTimeout() {
    return eraSealTimeout;
  }

  public ValidatorOptions eraSealTimeout(Duration v) {
    this.eraSealTimeout = positive("eraSealTimeout", v);
    return this;
  }

  public Path dataDir() {
    return dataDir;
  }

  public ValidatorOptions dataDir(Path v) {
    this.dataDir = Objects.requireNonNull(v, "dataDir");
    return this;
  }

  /** The effective settings, durations in ISO-8601. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("pollInterval", pollInterval.toString())
        .put("httpTimeout", httpTimeout.toString())
        .put("httpAttempts", httpAttempts)
        .put("auditSamples", auditSamples)
        .put("suspectAuditFactor", suspectAuditFactor)
        .put("auditRangeBytes", auditRangeBytes)
        .put("auditFailureThreshold", auditFailureThreshold)
        .put("payoutFallback", payoutFallback.toString())
        .put("eraSealTimeout", eraSealTimeout.toString())
        .put("dataDir", dataDir.toString());
  }

  /** Options from {@link #toJson()}'s shape; absent keys keep their defaults. */
  public static ValidatorOptions fromJson(JsonObject j) {
    ValidatorOptions o = new ValidatorOptions();
    if (j.containsKey("pollInterval")) {
      o.pollInterval(Duration.parse(j.getString("pollInterval")));
    }
    if (j.containsKey("httpTimeout")) {
      o.httpTimeout(Duration.parse(j.getString("httpTimeout")));
    }
    if (j.containsKey("httpAttempts")) {
      o.httpAttempts(j.getInteger("httpAttempts"));
    }
    if (j.containsKey("auditSamples")) {
      o.auditSamples(j.getInteger("auditSamples"));
    }
    if (j.containsKey("suspectAuditFactor")) {
      o.suspectAuditFactor(j.getInteger("suspectAuditFactor"));
    }
    if (j.containsKey("auditRangeBytes")) {
      o.auditRangeBytes(j.getInteger("auditRangeBytes"));
    }
    if (j.containsKey("auditFailureThreshold")) {
      o.auditFailureThreshold(j.getInteger("auditFailureThreshold"));
    }
    if (j.containsKey("payoutFallback")) {
      o.payoutFallback(Duration.parse(j.getString("payoutFallback")));
    }
    if (j.containsKey("eraSealTimeout")) {
      o.eraSealTimeout(Duration.parse(j.getString("eraSealTimeout")));
    }
    if (j.containsKey("dataDir")) {
      o.dataDir(Path.of(j.getString("dataDir")));
    }
    return o;
  }
}
