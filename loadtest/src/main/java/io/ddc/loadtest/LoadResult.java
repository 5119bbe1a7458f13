package io.ddc.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of one load run: per-operation statistics, a per-second time series, errors by status
 * and the outcome of content checks. {@link #toJson()} is the result file's format (see
 * docs/spec/loadtest-result.md).
 */
public record LoadResult(
    String target,
    LoadOptions options,
    Instant startedAt,
    double seconds,
    Map<String, OpStats> ops,
    List<SecondStats> series,
    Map<String, Long> errors,
    long verified,
    long mismatches,
    long dropped) {

  /**
   * One second of the measured phase (by completion time).
   *
   * @param second seconds since the start of the measured phase
   * @param ops operations completed
   * @param errors of which failed
   * @param bytes bytes transferred
   * @param p50Millis corrected median latency of the operations completed in this second
   * @param p99Millis corrected 99th percentile latency of the operations completed in this second
   */
  public record SecondStats(
      int second, long ops, long errors, long bytes, double p50Millis, double p99Millis) {}

  /** All operations, successful or not. */
  public long totalOps() {
    return ops.values().stream().mapToLong(o -> o.ok + o.failed).sum();
  }

  /** Failed operations, mismatches included. */
  public long totalErrors() {
    return ops.values().stream().mapToLong(o -> o.failed).sum();
  }

  /** The result file's JSON. */
  public JsonObject toJson() {
    JsonObject opsJson = new JsonObject();
    ops.forEach((k, v) -> opsJson.put(k, v.toJson(seconds)));
    JsonArray s = new JsonArray();
    for (SecondStats x : series) {
      s.add(
          new JsonObject()
              .put("second", x.second())
              .put("ops", x.ops())
              .put("errors", x.errors())
              .put("bytes", x.bytes())
              .put("p50Millis", x.p50Millis())
              .put("p99Millis", x.p99Millis()));
    }
    JsonObject e = new JsonObject();
    errors.forEach(e::put);
    return new JsonObject()
        .put("version", 1)
        .put("target", target)
        .put("model", options.model().label())
        .put("startedAt", startedAt.toString())
        .put("seconds", seconds)
        .put("options", options.toJson())
        .put(
            "totals",
            new JsonObject()
                .put("ops", totalOps())
                .put("errors", totalErrors())
                .put("opsPerSecond", totalOps() / seconds)
                .put("verified", verified)
                .put("mismatches", mismatches)
                .put("dropped", dropped))
        .put("ops", opsJson)
        .put("errors", e)
        .put("series", s);
  }
}
