package io.ddc.storage;

/**
 * Chooses the I/O engine (docs/decisions/0010-io-engine.md). Segment I/O runs on {@code
 * FileChannel} with direct buffers; an explicit {@link StoreOptions.IoEngine#IO_URING} request
 * falls back with one log line.
 */
final class IoEngines {
  private IoEngines() {}

  private static volatile boolean warned;

  static StoreOptions.IoEngine effective(StoreOptions.IoEngine requested) {
    if (requested == StoreOptions.IoEngine.IO_URING && !warned) {
      warned = true;
      SegmentPieceStore.LOG.info(
          "io_uring file I/O requested; using FileChannel (see docs/decisions/0010-io-engine.md)");
    }
    return StoreOptions.IoEngine.FILE_CHANNEL;
  }
}
