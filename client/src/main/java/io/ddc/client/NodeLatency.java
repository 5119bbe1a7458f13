package io.ddc.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-node call latency as an exponentially weighted moving average (weight {@value #ALPHA} for the
 * newest sample), for trying the fastest nodes first. A node never measured counts as fastest, so
 * every node is tried early; a failed call counts as {@value #FAILURE_PENALTY_MILLIS} ms, so a
 * failing node sinks to the end until it answers again. Thread-safe.
 */
final class NodeLatency<N> {
  /** Weight of the newest sample. */
  static final double ALPHA = 0.3;

  /** What a failed call counts as, in milliseconds. */
  static final double FAILURE_PENALTY_MILLIS = 5_000;

  private final ConcurrentHashMap<N, Double> ewma = new ConcurrentHashMap<>();

  /** Records a successful call that took {@code millis}. */
  void success(N node, double millis) {
    ewma.merge(node, millis, (old, now) -> old + ALPHA * (now - old));
  }

  /** Records a failed call. */
  void failure(N node) {
    success(node, FAILURE_PENALTY_MILLIS);
  }

  /** The average in milliseconds, or 0 when never measured. */
  double millis(N node) {
    return ewma.getOrDefault(node, 0.0);
  }

  /** {@code nodes} fastest first; equal averages (e.g. unmeasured nodes) in random order. */
  List<N> order(List<N> nodes) {
    List<N> out = new ArrayList<>(nodes);
    Collections.shuffle(out);
    out.sort(Comparator.comparingDouble(this::millis));
    return out;
  }
}
