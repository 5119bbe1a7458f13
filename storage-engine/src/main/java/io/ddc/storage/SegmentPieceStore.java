package io.ddc.storage;

import java.nio.file.Path;

/** The segment-file implementation of {@link PieceStore}. */
final class SegmentPieceStore {
  private SegmentPieceStore() {}

  static PieceStore openOrRecover(Path dir, StoreOptions options, CorruptionListener listener) {
    throw new StoreException("the segment engine is not available in this build yet: " + dir);
  }
}
