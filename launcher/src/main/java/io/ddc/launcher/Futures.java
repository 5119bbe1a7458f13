package io.ddc.launcher;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for Vert.x futures from a command's main thread (never from an event loop). */
final class Futures {
  private Futures() {}

  /**
   * The future's result, waiting at most {@code timeout}; its failure is rethrown unwrapped when
   * unchecked.
   */
  static <T> T await(Future<T> future, Duration timeout) throws Exception {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new TimeoutException("gave up after " + timeout.toSeconds() + " s");
    }
  }
}
