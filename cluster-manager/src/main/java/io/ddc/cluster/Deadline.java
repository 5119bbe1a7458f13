package io.ddc.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Deadlines for steps whose outcome may never come (decision 0069): a repair step, a copy of a
 * client's write. A step past its deadline fails with {@link Exceeded}, which names it; its work is
 * not cancelled.
 */
final class Deadline {
  private Deadline() {}

  /** A step that had no outcome within its deadline. */
  static final class Exceeded extends ClusterException {
    private static final long serialVersionUID = 1L;

    Exceeded(String step, long millis) {
      super(step + " had no outcome within " + millis + " ms");
    }
  }

  /** The deadline of a step that moves {@code bytes}: {@code baseMillis} plus 1 s per MiB. */
  static long forBytes(long baseMillis, long bytes) {
    return baseMillis + (bytes >> 20) * 1000;
  }

  /**
   * {@code f}'s outcome, delivered on {@code ctx}, or an {@link Exceeded} naming {@code step} when
   * it has none after {@code millis}; {@code beforeFailing} runs on {@code ctx} just before that
   * failure (whose callbacks may run the caller's next steps at once).
   */
  static <T> Future<T> within(
      Vertx vertx, Context ctx, Future<T> f, long millis, String step, Runnable beforeFailing) {
    Promise<T> out = Promise.promise();
    long timer =
        vertx.setTimer(
            millis,
            id ->
                onContext(
                    ctx,
                    () -> {
                      if (!out.future().isComplete()) {
                        beforeFailing.run();
                        out.fail(new Exceeded(step, millis));
                      }
                    }));
    f.onComplete(
        ar ->
            onContext(
                ctx,
                () -> {
                  vertx.cancelTimer(timer);
                  if (ar.succeeded()) {
                    out.tryComplete(ar.result()); // no-op after a timeout
                  } else {
                    out.tryFail(ar.cause());
                  }
                }));
    return out.future();
  }

  /** The future {@code step} returns, or its exception as a failed future if it throws. */
  static <T> Future<T> started(Supplier<Future<T>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void onContext(Context ctx, Runnable r) {
    if (Vertx.currentContext() == ctx) {
      r.run();
    } else {
      ctx.runOnContext(v -> r.run());
    }
  }
}
