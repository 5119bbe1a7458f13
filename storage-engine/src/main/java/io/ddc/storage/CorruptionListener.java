package io.ddc.storage;

/**
 * Receives every problem recovery and reads find (docs/spec/storage-format.md §6). Called on the
 * thread that found the problem; must not block or call back into the store.
 */
@FunctionalInterface
public interface CorruptionListener {

  /** What was found. */
  enum Kind {
    /** The index file was missing or unreadable and was rebuilt from the segments. */
    INDEX_REBUILT,
    /** An index entry did not match its record and was dropped or re-read from the segments. */
    INDEX_MISMATCH,
    /** An incomplete record at the end of a segment (a crash mid-write) was cut off. */
    TORN_TAIL,
    /** A record or block whose checksum failed; it is never served. */
    BAD_CHECKSUM,
    /** A segment file that could not be read at all (bad file header). */
    BAD_SEGMENT
  }

  /**
   * One finding.
   *
   * @param kind what kind
   * @param segmentId the segment concerned, -1 if none
   * @param offset the byte offset in the segment, -1 if none
   * @param message a human-readable description with the numbers
   */
  record Corruption(Kind kind, long segmentId, long offset, String message) {}

  /** Reports one finding. */
  void onCorruption(Corruption corruption);

  /** A listener that ignores everything (tests only; production code should log). */
  static CorruptionListener ignoring() {
    return c -> {};
  }
}
