package io.ddc.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Statistics of one operation kind ({@code get}, {@code get-range}, {@code put}). Latencies are
 * recorded in microseconds twice: {@link #latency} from the moment the open model scheduled the
 * request (corrected for coordinated omission: queueing behind slow responses counts), and {@link
 * #service} from the moment it was sent.
 */
public final class OpStats {
  static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  final String name;
  final Histogram latency = new Histogram(MAX_MICROS, 3);
  final Histogram service = new Histogram(MAX_MICROS, 3);
  long ok;
  long failed;
  long bytes;

  OpStats(String name) {
    this.name = name;
  }

  void record(long latencyMicros, long serviceMicros, boolean success, long bodyBytes) {
    latency.recordValue(Math.min(MAX_MICROS, Math.max(0, latencyMicros)));
    service.recordValue(Math.min(MAX_MICROS, Math.max(0, serviceMicros)));
    if (success) {
      ok++;
    } else {
      failed++;
    }
    bytes += bodyBytes;
  }

  /** The operation kind. */
  public String name() {
    return name;
  }

  /** Successful operations. */
  public long ok() {
    return ok;
  }

  /** Failed operations. */
  public long failed() {
    return failed;
  }

  /** Corrected latency histogram (µs). */
  public Histogram latency() {
    return latency;
  }

  /** Service-time histogram (µs). */
  public Histogram service() {
    return service;
  }

  static JsonObject percentiles(Histogram h) {
    JsonObject p = new JsonObject();
    if (h.getTotalCount() == 0) {
      return p;
    }
    p.put("p50", h.getValueAtPercentile(50) / 1000.0)
        .put("p90", h.getValueAtPercentile(90) / 1000.0)
        .put("p99", h.getValueAtPercentile(99) / 1000.0)
        .put("p99.9", h.getValueAtPercentile(99.9) / 1000.0)
        .put("p99.99", h.getValueAtPercentile(99.99) / 1000.0)
        .put("max", h.getMaxValue() / 1000.0)
        .put("mean", h.getMean() / 1000.0);
    return p;
  }

  JsonObject toJson(double seconds) {
    return new JsonObject()
        .put("ok", ok)
        .put("failed", failed)
        .put("bytes", bytes)
        .put("opsPerSecond", (ok + failed) / seconds)
        .put("bytesPerSecond", bytes / seconds)
        .put("latencyMillis", percentiles(latency))
        .put("serviceMillis", percentiles(service));
  }
}
