package io.ddc.launcher;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks the command's main thread until the process is asked to stop (SIGTERM, SIGINT), then runs
 * the stop action once, before the JVM exits. Long-running commands ({@code node}, {@code devnet})
 * end with {@link #await}.
 */
final class Shutdown {
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Registers {@code stopAction} to run on SIGTERM/SIGINT; the hook waits until it finished. */
  Shutdown(Runnable stopAction) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stopAction.run();
                  } finally {
                    stopped.countDown();
                  }
                },
                "ddc-shutdown"));
  }

  /** Waits until the stop action has run. */
  void await() throws InterruptedException {
    stopped.await();
  }
}
