package io.ddc.loadtest;

import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * One load run, under the open or the closed model ({@link LoadOptions#model()}).
 *
 * <p>Open model: requests are <em>due</em> at fixed intervals ({@code 1 / rate}) from the start of
 * the measured phase, whatever the responses do. A due request is sent at once unless {@code
 * concurrency} requests are in flight; then it waits in a queue. Each latency is measured from the
 * due time, so time spent waiting behind slow responses is counted rather than omitted
 * (coordinated-omission correction); the service time from the actual send is kept beside it.
 *
 * <p>Closed model: {@code concurrency} workers each send their next request the moment the previous
 * one completed, until the duration is over; then the last responses drain. There is no target rate
 * and no queue, so a request's latency is its service time: this model measures capacity (how much
 * the nodes complete when always busy), not the latency users would see at a given rate.
 *
 * <p>Threading: everything runs on one Vert.x context (the one {@link #start} creates); the target
 * must deliver its callbacks there, which Vert.x clients created from that context do.
 */
public final class LoadRun {

  /**
   * A progress line: once a second in the measured phase ({@code run}), and as objects are written
   * ({@code preload}) or read whole to check ranges later ({@code check}); in those two phases
   * {@code second} and {@code totalSeconds} count objects done and objects in all.
   */
  public record Progress(
      String phase,
      int second,
      int totalSeconds,
      long ops,
      long errors,
      double p99Millis,
      long bytes) {}

  private static final String GET = "get";
  private static final String RANGE = "get-range";
  private static final String PUT = "put";

  private final Vertx vertx;
  private final Target target;
  private final LoadOptions o;
  private final Consumer<Progress> progress;
  private final SplittableRandom random;
  private final List<ObjectRef> refs = new ArrayList<>();
  private final Map<String, OpStats> ops = new LinkedHashMap<>();
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<Cid, byte[]> knownBytes = new HashMap<>();
  private final List<long[]> seconds = new ArrayList<>(); // ops, errors, bytes
  private final List<Histogram> secondLatency = new ArrayList<>();
  private final ArrayDeque<Long> due = new ArrayDeque<>();
  private final Promise<LoadResult> result = Promise.promise();

  private long startNanos;
  private long totalOps;
  private long scheduled;
  private int inflight;
  private long verified;
  private long mismatches;
  private long dropped;
  private long endNanos;
  private boolean sending;
  private long tickTimer = -1;
  private long progressTimer = -1;
  private Instant startedAt;

  private LoadRun(Vertx vertx, Target target, LoadOptions o, Consumer<Progress> progress) {
    this.vertx = vertx;
    this.target = target;
    this.o = new LoadOptions(o);
    this.progress = progress;
    this.random = new SplittableRandom(o.seed());
    for (String k : List.of(GET, RANGE, PUT)) {
      ops.put(k, new OpStats(k));
    }
  }

  /**
   * Runs the load on {@code context}: preloads {@code options.objects()} objects through the target
   * (or uses {@code existing} when the target cannot write and objects are given), then the
   * measured phase. The target must have been created on {@code context}.
   */
  public static Future<LoadResult> start(
      Vertx vertx,
      Context context,
      Target target,
      LoadOptions options,
      List<ObjectRef> existing,
      Consumer<Progress> progress) {
    LoadRun run = new LoadRun(vertx, target, options, progress);
    context.runOnContext(v -> run.preload(existing));
    return run.result.future();
  }

  // ---- preload
  // ---------------------------------------------------------------------------------------------------

  private void preload(List<ObjectRef> existing) {
    if (!existing.isEmpty()) {
      refs.addAll(existing);
      List<ObjectRef> unknown = new ArrayList<>();
      for (ObjectRef r : existing) {
        if (!r.contentKnown()) {
          unknown.add(r);
        }
      }
      if (o.rangeFraction() > 0 && o.verifySample() > 0 && o.rangeCheckMemory() > 0) {
        learn(unknown, 0, 0);
      } else {
        measure();
      }
      return;
    }
    if (!target.canPut()) {
      result.fail(
          new IllegalArgumentException(
              target.describe()
                  + " cannot store objects; give objects to read or a writable target"));
      return;
    }
    int n = o.objects();
    long[] next = {0};
    int[] active = {0};
    long began = System.nanoTime();
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (active[0] < o.concurrency() && next[0] < n) {
            next[0]++;
            active[0]++;
            long seed = random.nextLong() & Long.MAX_VALUE;
            long size = o.sizes().next(random);
            target
                .put(o.bucket(), seed, Buffer.buffer(Content.slice(seed, 0, Math.toIntExact(size))))
                .onComplete(
                    ar -> {
                      active[0]--;
                      if (ar.failed()) {
                        if (!result.future().isComplete()) {
                          result.fail(
                              new IllegalStateException(
                                  "preload failed after "
                                      + refs.size()
                                      + " of "
                                      + n
                                      + " objects: "
                                      + ar.cause().getMessage(),
                                  ar.cause()));
                        }
                        return;
                      }
                      refs.add(ar.result());
                      if (refs.size() % Math.max(1, n / 10) == 0) {
                        progress.accept(
                            new Progress(
                                "preload",
                                refs.size(),
                                n,
                                refs.size(),
                                0,
                                0,
                                (System.nanoTime() - began) / 1_000_000));
                      }
                      if (refs.size() == n) {
                        measure();
                      } else if (!result.future().isComplete()) {
                        pump[0].run();
                      }
                    });
          }
        };
    pump[0].run();
  }

  /**
   * Reads {@code list[i…]} whole, one at a time, checks each against its CID and keeps the bytes of
   * those that fit in the budget, so that ranged reads of them can be checked; then measures.
   */
  private void learn(List<ObjectRef> list, int i, long kept) {
    if (i == list.size()) {
      measure();
      return;
    }
    ObjectRef ref = list.get(i);
    if (kept + ref.size() > o.rangeCheckMemory() || ref.size() > Integer.MAX_VALUE - 8) {
      learn(list, i + 1, kept); // does not fit: ranged reads of it are not checked
      return;
    }
    Buffer body = Buffer.buffer((int) ref.size());
    Promise<Target.Outcome> outcome = Promise.promise();
    long timer = timeout(outcome);
    settle(outcome, target.get(ref, -1, -1, body::appendBuffer));
    outcome
        .future()
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              byte[] bytes = body.getBytes();
              String problem =
                  !ar.result().ok()
                      ? ar.result().status()
                      : bytes.length != ref.size()
                          ? "wrong-length"
                          : Arrays.equals(Blake3.hash(bytes), ref.cid().digest())
                              ? null
                              : "cid-mismatch";
              if (problem != null) {
                result.fail(
                    new IllegalStateException(
                        "reading "
                            + ref.cid()
                            + " whole to check ranges of it failed before the measured phase: "
                            + problem));
                return;
              }
              knownBytes.put(ref.cid(), bytes);
              progress.accept(
                  new Progress("check", i + 1, list.size(), i + 1, 0, 0, kept + bytes.length));
              learn(list, i + 1, kept + bytes.length);
            });
  }

  // ---- measured phase
  // ----------------------------------------------------------------------------------------------

  private void measure() {
    startedAt = Instant.now();
    startNanos = System.nanoTime();
    endNanos = startNanos + o.duration().toNanos();
    progressTimer = vertx.setPeriodic(1000, id -> report());
    if (o.model() == LoadOptions.Model.CLOSED) {
      // Completions drive the workers; one timer notices the end when nothing is in flight.
      tickTimer = vertx.setTimer(Math.max(1, o.duration().toMillis()), id -> closedTick());
      closedTick();
      return;
    }
    totalOps = Math.max(1, (long) Math.floor(o.duration().toNanos() / 1e9 * o.rate()));
    tickTimer = vertx.setPeriodic(1, id -> tick());
    tick();
  }

  /** Closed model: every idle worker sends at once while the measured phase lasts. */
  private void closedTick() {
    if (sending) {
      return; // a response that completed inside send(): the loop below goes on
    }
    sending = true;
    try {
      long now = System.nanoTime();
      while (inflight < o.concurrency() && now < endNanos) {
        send(now);
        now = System.nanoTime();
      }
      if (now >= endNanos && inflight == 0) {
        finish();
      }
    } finally {
      sending = false;
    }
  }

  private void next() {
    if (o.model() == LoadOptions.Model.CLOSED) {
      closedTick();
    } else {
      tick();
    }
  }

  private long dueAt(long i) {
    return startNanos + (long) (i * 1e9 / o.rate());
  }

  private void tick() {
    long now = System.nanoTime();
    while (scheduled < totalOps && dueAt(scheduled) <= now) {
      due.add(dueAt(scheduled));
      scheduled++;
    }
    // A client that cannot keep up must not grow without bound: beyond 10 s of backlog, due
    // requests are dropped and
    // counted (and the report says so).
    long maxBacklog = Math.max(1000, (long) (o.rate() * 10));
    while (due.size() > maxBacklog) {
      due.poll();
      dropped++;
      countError("client-backlog");
    }
    while (inflight < o.concurrency() && !due.isEmpty()) {
      send(due.poll());
    }
    if (scheduled == totalOps && due.isEmpty() && inflight == 0) {
      finish();
    }
  }

  private ObjectRef pick() {
    int n = refs.size();
    int hot = Math.max(1, (int) Math.ceil(n * o.hotFraction()));
    if (random.nextDouble() < o.hotProbability()) {
      return refs.get(random.nextInt(hot));
    }
    return refs.get(random.nextInt(n));
  }

  private void send(long dueNanos) {
    inflight++;
    long sent = System.nanoTime();
    boolean write = target.canPut() && random.nextDouble() >= o.getRatio();
    Promise<Target.Outcome> outcome = Promise.promise();
    long timer = timeout(outcome);
    String kind;
    Verifier verifier = null;
    if (write) {
      kind = PUT;
      long seed = random.nextLong() & Long.MAX_VALUE;
      long size = o.sizes().next(random);
      target
          .put(o.bucket(), seed, Buffer.buffer(Content.slice(seed, 0, Math.toIntExact(size))))
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  refs.add(ar.result());
                  outcome.tryComplete(new Target.Outcome(true, "ok", size));
                } else {
                  outcome.tryComplete(
                      new Target.Outcome(false, Target.failureLabel(ar.cause()), 0));
                }
              });
    } else {
      ObjectRef ref = pick();
      boolean ranged = random.nextDouble() < o.rangeFraction() && ref.size() > 1;
      long start = -1;
      long end = -1;
      if (ranged) {
        long len = Math.min(o.rangeBytes(), ref.size());
        start = ref.size() == len ? 0 : random.nextLong(ref.size() - len + 1);
        end = start + len - 1;
      }
      kind = ranged ? RANGE : GET;
      boolean check = random.nextDouble() < o.verifySample();
      verifier = check ? new Verifier(ref, start, end, knownBytes.get(ref.cid())) : null;
      Verifier v = verifier;
      settle(outcome, target.get(ref, start, end, v == null ? b -> {} : v::chunk));
    }
    Verifier v = verifier;
    outcome
        .future()
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              Target.Outcome out = ar.result();
              long end = System.nanoTime();
              boolean ok = out.ok();
              String status = out.status();
              if (ok && v != null) {
                String problem = v.finish(out.bytes());
                verified++;
                if (problem != null) {
                  mismatches++;
                  ok = false;
                  status = problem;
                }
              }
              record(kind, dueNanos, sent, end, ok, status, out.bytes());
              inflight--;
              next();
            });
  }

  /** Completes {@code outcome} as timed out after the request timeout; returns the timer. */
  private long timeout(Promise<Target.Outcome> outcome) {
    return vertx.setTimer(
        o.requestTimeout().toMillis(),
        id -> outcome.tryComplete(new Target.Outcome(false, "timeout", 0)));
  }

  /** Completes {@code outcome} with what a read returned (a failed future becomes an error). */
  private static void settle(Promise<Target.Outcome> outcome, Future<Target.Outcome> call) {
    call.onComplete(
        ar ->
            outcome.tryComplete(
                ar.succeeded()
                    ? ar.result()
                    : new Target.Outcome(false, Target.failureLabel(ar.cause()), 0)));
  }

  private void record(
      String kind, long dueNanos, long sent, long end, boolean ok, String status, long bytes) {
    long latencyMicros = (end - dueNanos) / 1000;
    ops.get(kind).record(latencyMicros, (end - sent) / 1000, ok, bytes);
    if (!ok) {
      countError(kind + " " + status);
    }
    int s = (int) Math.max(0, (end - startNanos) / 1_000_000_000L);
    while (seconds.size() <= s) {
      seconds.add(new long[3]);
      secondLatency.add(new Histogram(OpStats.MAX_MICROS, 2));
    }
    long[] sec = seconds.get(s);
    sec[0]++;
    sec[1] += ok ? 0 : 1;
    sec[2] += bytes;
    secondLatency.get(s).recordValue(Math.min(OpStats.MAX_MICROS, Math.max(0, latencyMicros)));
  }

  private void countError(String key) {
    errors.merge(key, 1L, Long::sum);
  }

  private void report() {
    int s = (int) ((System.nanoTime() - startNanos) / 1_000_000_000L);
    int last = Math.min(s - 1, seconds.size() - 1);
    long opsInSecond = last >= 0 ? seconds.get(last)[0] : 0;
    long errs = ops.values().stream().mapToLong(x -> x.failed).sum();
    double p99 = last >= 0 ? secondLatency.get(last).getValueAtPercentile(99) / 1000.0 : 0;
    long bytes = last >= 0 ? seconds.get(last)[2] : 0;
    progress.accept(
        new Progress("run", s, (int) o.duration().toSeconds(), opsInSecond, errs, p99, bytes));
  }

  private void finish() {
    if (result.future().isComplete()) {
      return;
    }
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(progressTimer);
    double elapsed = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    List<LoadResult.SecondStats> series = new ArrayList<>();
    for (int i = 0; i < seconds.size(); i++) {
      long[] x = seconds.get(i);
      Histogram h = secondLatency.get(i);
      series.add(
          new LoadResult.SecondStats(
              i,
              x[0],
              x[1],
              x[2],
              h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1000.0,
              h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0));
    }
    Map<String, OpStats> used = new LinkedHashMap<>();
    ops.forEach(
        (k, v) -> {
          if (v.ok + v.failed > 0) {
            used.put(k, v);
          }
        });
    result.complete(
        new LoadResult(
            target.describe(),
            o,
            startedAt,
            elapsed,
            used,
            series,
            errors,
            verified,
            mismatches,
            dropped));
  }

  /**
   * Checks a read's bytes: a whole read against the CID's BLAKE3 digest, a ranged read against the
   * generator's content or the bytes kept from a checked whole read. A ranged read of an object
   * whose content is neither is checked for its length only.
   */
  private static final class Verifier {
    private final ObjectRef ref;
    private final byte[] known;
    private final long start;
    private final long expectedLength;
    private final Blake3 digest;
    private long position;
    private boolean differs;

    Verifier(ObjectRef ref, long start, long end, byte[] known) {
      this.ref = ref;
      this.known = known;
      this.start = start;
      this.expectedLength = start < 0 ? ref.size() : end - start + 1;
      this.digest = start < 0 ? new Blake3() : null;
    }

    void chunk(Buffer b) {
      byte[] bytes = b.getBytes();
      if (digest != null) {
        digest.update(bytes, 0, bytes.length);
      } else if ((ref.contentKnown() || known != null) && !differs) {
        int len = (int) Math.min(bytes.length, Math.max(0, expectedLength - position));
        long from = start + position;
        boolean same =
            ref.contentKnown()
                ? Arrays.equals(Content.slice(ref.seed(), from, len), bytes)
                : from + len <= known.length
                    && Arrays.equals(known, (int) from, (int) from + len, bytes, 0, len);
        if (len != bytes.length || !same) {
          differs = true;
        }
      }
      position += bytes.length;
    }

    /** Null when the bytes are right, else a short label for the report. */
    String finish(long bytes) {
      if (position != expectedLength) {
        return "wrong-length";
      }
      if (digest != null) {
        return Arrays.equals(digest.digest(), ref.cid().digest()) ? null : "cid-mismatch";
      }
      return differs ? "content-mismatch" : null;
    }
  }
}
