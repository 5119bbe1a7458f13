package io.ddc.storage;

/**
 * Chooses the I/O engine (docs/decisions/0010-io-engine.md). Segment I/O runs on {@code
 * FileChannel} with direct buffers; an explicit {@link StoreOptions.IoEngine#IO_URING} request
 * falls back with one log line.
 */
final class IoEngines {
  private IoEngines() {}

  private static volatile boolean warned;

  private static final java.util.concurrent.atomic.AtomicBoolean HASH_DECIDED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Lets the store's CID hashing switch to the SIMD BLAKE3 kernel once it pays in this JVM, and
   * says once which implementation hashes (docs/decisions/0015-simd-blake3.md).
   */
  static void prepareHashing() {
    io.ddc.crypto.Blake3.prepareSimd()
        .thenAccept(
            impl -> {
              if (HASH_DECIDED.compareAndSet(false, true)) {
                SegmentPieceStore.LOG.info(
                    "BLAKE3 for CIDs: {}{}",
                    impl,
                    impl.startsWith("simd")
                        ? ""
                        : " (SIMD needs --add-modules=jdk.incubator.vector and the C2 JIT; see"
                            + " docs/decisions/0015-simd-blake3.md)");
              }
            });
  }

  static StoreOptions.IoEngine effective(StoreOptions.IoEngine requested) {
    if (requested == StoreOptions.IoEngine.IO_URING && !warned) {
      warned = true;
      SegmentPieceStore.LOG.info(
          "io_uring file I/O requested; using FileChannel (see docs/decisions/0010-io-engine.md)");
    }
    return StoreOptions.IoEngine.FILE_CHANNEL;
  }
}
