package io.ddc.cluster;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The nonces of streamed piece uploads accepted in the last {@code window} milliseconds
 * (cluster-transfer.md §3.3): a second request with a remembered (sender, nonce) pair is a replay.
 * A request is accepted only within the clock skew of its signed time, so remembering each pair for
 * twice the skew covers every moment a replay of it could still pass the time check.
 *
 * <p>Thread-safe; memory is one entry per accepted streamed upload in the window.
 */
final class NonceWindow {
  private final long windowMillis;
  private final Set<String> seen = new HashSet<>();
  private final ArrayDeque<Entry> byTime = new ArrayDeque<>();

  private record Entry(String key, long at) {}

  NonceWindow(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** Whether this is the first use of {@code nonce} by {@code sender} in the window; records it. */
  synchronized boolean firstUse(String sender, String nonce, long nowMillis) {
    while (!byTime.isEmpty() && byTime.peekFirst().at() <= nowMillis - windowMillis) {
      seen.remove(byTime.pollFirst().key());
    }
    String key = sender + '/' + nonce;
    if (!seen.add(key)) {
      return false;
    }
    byTime.addLast(new Entry(key, nowMillis));
    return true;
  }

  synchronized int size() {
    return seen.size();
  }
}
