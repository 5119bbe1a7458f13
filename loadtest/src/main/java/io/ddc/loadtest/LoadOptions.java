package io.ddc.loadtest;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a load run does. Fluent setters reject bad values at once and name them; every default is a
 * documented constant.
 */
public final class LoadOptions {

  /** How requests are issued. */
  public enum Model {
    /**
     * Requests are due at a fixed rate whatever the responses do; latency counts from the due time
     * (coordinated-omission corrected).
     */
    OPEN,
    /**
     * {@code concurrency} workers each send the next request as soon as their previous one
     * completed; there is no target rate, and latencies are service times. Measures capacity.
     */
    CLOSED;

    /** The lower-case name used in the result file and on the command line. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code open} or {@code closed}. */
    public static Model parse(String text) {
      for (Model m : values()) {
        if (m.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("model is open or closed, '" + text + "' given");
    }
  }

  /** Default load model: {@link Model#OPEN}. */
  public static final Model DEFAULT_MODEL = Model.OPEN;

  /** Default target rate of the open model: 200 operations per second. */
  public static final double DEFAULT_RATE = 200;

  /**
   * Default limit of requests in flight (the number of workers under the closed model): 64.
   * Requests due while the limit is reached wait (and the wait counts).
   */
  public static final int DEFAULT_CONCURRENCY = 64;

  /** Default length of the measured phase: 30 s. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

  /** Default share of reads among operations: 1.0 (reads only). */
  public static final double DEFAULT_GET_RATIO = 1.0;

  /** Default object sizes: all 4 KiB. */
  public static final String DEFAULT_SIZES = "4KiB";

  /** Default number of objects preloaded as the read set: 100. */
  public static final int DEFAULT_OBJECTS = 100;

  /** Default hot set: the first 20 % of the objects … */
  public static final double DEFAULT_HOT_FRACTION = 0.2;

  /** … receive 80 % of the reads (the rest are uniform over all objects). */
  public static final double DEFAULT_HOT_PROBABILITY = 0.8;

  /** Default share of reads that ask for a byte range instead of the whole object: 0. */
  public static final double DEFAULT_RANGE_FRACTION = 0.0;

  /** Default length of ranged reads: 64 KiB (clamped to the object). */
  public static final long DEFAULT_RANGE_BYTES = 64 * 1024;

  /**
   * Default share of successful reads whose bytes are checked against the CID or the known content:
   * 1.0.
   */
  public static final double DEFAULT_VERIFY_SAMPLE = 1.0;

  /**
   * Default memory for the bytes of given objects (not written by the generator) kept to check
   * ranged reads of them: 256 MiB.
   */
  public static final long DEFAULT_RANGE_CHECK_MEMORY = 256L * 1024 * 1024;

  /** Default bucket: 1 (the devnet's public bucket). */
  public static final long DEFAULT_BUCKET = 1;

  /** Default time after which one request counts as failed: 30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Default random seed: 1 (runs are repeatable). */
  public static final long DEFAULT_SEED = 1;

  private Model model = DEFAULT_MODEL;
  private double rate = DEFAULT_RATE;
  private int concurrency = DEFAULT_CONCURRENCY;
  private Duration duration = DEFAULT_DURATION;
  private double getRatio = DEFAULT_GET_RATIO;
  private Sizes sizes = Sizes.parse(DEFAULT_SIZES);
  private int objects = DEFAULT_OBJECTS;
  private double hotFraction = DEFAULT_HOT_FRACTION;
  private double hotProbability = DEFAULT_HOT_PROBABILITY;
  private double rangeFraction = DEFAULT_RANGE_FRACTION;
  private long rangeBytes = DEFAULT_RANGE_BYTES;
  private double verifySample = DEFAULT_VERIFY_SAMPLE;
  private long rangeCheckMemory = DEFAULT_RANGE_CHECK_MEMORY;
  private long bucket = DEFAULT_BUCKET;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private long seed = DEFAULT_SEED;

  /** Options with every default. */
  public LoadOptions() {}

  /** A copy of {@code other}. */
  public LoadOptions(LoadOptions other) {
    this.model = other.model;
    this.rate = other.rate;
    this.concurrency = other.concurrency;
    this.duration = other.duration;
    this.getRatio = other.getRatio;
    this.sizes = other.sizes;
    this.objects = other.objects;
    this.hotFraction = other.hotFraction;
    this.hotProbability = other.hotProbability;
    this.rangeFraction = other.rangeFraction;
    this.rangeBytes = other.rangeBytes;
    this.verifySample = other.verifySample;
    this.rangeCheckMemory = other.rangeCheckMemory;
    this.bucket = other.bucket;
    this.requestTimeout = other.requestTimeout;
    this.seed = other.seed;
  }

  private static double share(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, " + v + " given");
    }
    return v;
  }

  public Model model() {
    return model;
  }

  /**
   * The load model: open (a target rate, {@link #rate}) or closed ({@link #concurrency} workers,
   * each waiting for its previous response; {@link #rate} is ignored).
   */
  public LoadOptions model(Model v) {
    model = Objects.requireNonNull(v, "model");
    return this;
  }

  public double rate() {
    return rate;
  }

  /**
   * Target operations per second (open model: requests are due at fixed intervals, whatever the
   * responses do).
   */
  public LoadOptions rate(double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("rate must be positive, " + v + " given");
    }
    rate = v;
    return this;
  }

  public int concurrency() {
    return concurrency;
  }

  /** Most requests in flight; under the closed model, the number of workers. */
  public LoadOptions concurrency(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, " + v + " given");
    }
    concurrency = v;
    return this;
  }

  public Duration duration() {
    return duration;
  }

  /** Length of the measured phase. */
  public LoadOptions duration(Duration v) {
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("duration must be positive, " + v + " given");
    }
    duration = v;
    return this;
  }

  public double getRatio() {
    return getRatio;
  }

  /** Share of reads among operations (the rest are writes of new objects). */
  public LoadOptions getRatio(double v) {
    getRatio = share("getRatio", v);
    return this;
  }

  public Sizes sizes() {
    return sizes;
  }

  /** Object size distribution. */
  public LoadOptions sizes(Sizes v) {
    sizes = Objects.requireNonNull(v, "sizes");
    return this;
  }

  public int objects() {
    return objects;
  }

  /** Objects preloaded as the read set. */
  public LoadOptions objects(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("objects must be at least 1, " + v + " given");
    }
    objects = v;
    return this;
  }

  public double hotFraction() {
    return hotFraction;
  }

  /** Share of the objects that form the hot set. */
  public LoadOptions hotFraction(double v) {
    hotFraction = share("hotFraction", v);
    return this;
  }

  public double hotProbability() {
    return hotProbability;
  }

  /** Share of reads that go to the hot set. */
  public LoadOptions hotProbability(double v) {
    hotProbability = share("hotProbability", v);
    return this;
  }

  public double rangeFraction() {
    return rangeFraction;
  }

  /** Share of reads that are ranged. */
  public LoadOptions rangeFraction(double v) {
    rangeFraction = share("rangeFraction", v);
    return this;
  }

  public long rangeBytes() {
    return rangeBytes;
  }

  /** Length of a ranged read. */
  public LoadOptions rangeBytes(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("rangeBytes must be at least 1, " + v + " given");
    }
    rangeBytes = v;
    return this;
  }

  public double verifySample() {
    return verifySample;
  }

  /** Share of successful reads whose content is checked. */
  public LoadOptions verifySample(double v) {
    verifySample = share("verifySample", v);
    return this;
  }

  public long rangeCheckMemory() {
    return rangeCheckMemory;
  }

  /**
   * Bytes of given objects (read set not written by the generator) kept to check ranged reads: when
   * ranged reads are checked, each such object is read whole once before the measured phase and
   * checked against its CID; its bytes are kept while they fit in this budget. Ranged reads of
   * objects that did not fit are not checked. 0 turns the first reading off.
   */
  public LoadOptions rangeCheckMemory(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("rangeCheckMemory must not be negative, " + v + " given");
    }
    rangeCheckMemory = v;
    return this;
  }

  public long bucket() {
    return bucket;
  }

  /** Bucket written to and read from. */
  public LoadOptions bucket(long v) {
    bucket = v;
    return this;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Time after which a request counts as failed ({@code timeout}). */
  public LoadOptions requestTimeout(Duration v) {
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, " + v + " given");
    }
    requestTimeout = v;
    return this;
  }

  public long seed() {
    return seed;
  }

  /** Seed of every random choice, so runs repeat. */
  public LoadOptions seed(long v) {
    seed = v;
    return this;
  }

  /** The options as JSON, for the result file. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("model", model.label())
        .put("rate", model == Model.OPEN ? rate : null)
        .put("concurrency", concurrency)
        .put("durationSeconds", duration.toMillis() / 1000.0)
        .put("getRatio", getRatio)
        .put("sizes", sizes.toString())
        .put("objects", objects)
        .put("hotFraction", hotFraction)
        .put("hotProbability", hotProbability)
        .put("rangeFraction", rangeFraction)
        .put("rangeBytes", rangeBytes)
        .put("verifySample", verifySample)
        .put("rangeCheckMemory", rangeCheckMemory)
        .put("bucket", Long.toUnsignedString(bucket))
        .put("requestTimeoutSeconds", requestTimeout.toMillis() / 1000.0)
        .put("seed", seed);
  }
}
