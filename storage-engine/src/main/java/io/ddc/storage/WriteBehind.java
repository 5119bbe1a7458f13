package io.ddc.storage;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Starts the writeback of a written file range without waiting for it: {@code sync_file_range(2)}
 * with {@code SYNC_FILE_RANGE_WRITE} through the FFM API. It makes nothing durable by itself (no
 * metadata, no device cache flush); it only lets the disk transfer begin early, so that a later
 * {@code fdatasync} finds most of the range already written or in flight (decision 0014).
 *
 * <p>Where the call cannot be had, {@link #available()} is false and callers fall back to what they
 * did without it (one log line at start).
 */
final class WriteBehind {
  private static final int SYNC_FILE_RANGE_WRITE = 2;

  private static final MethodHandle SYNC_FILE_RANGE;

  static {
    MethodHandle h = null;
    try {
      h =
          PageCacheReads.libc(
              "sync_file_range",
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_INT));
    } catch (Throwable e) {
      SegmentPieceStore.LOG.info(
          "sync_file_range unavailable ({}); large appends sync their payload early instead",
          e.toString());
    }
    SYNC_FILE_RANGE = h;
  }

  private WriteBehind() {}

  static boolean available() {
    return SYNC_FILE_RANGE != null;
  }

  /**
   * Asks the kernel to start writing the dirty pages of {@code [from, to)} of {@code fd} to the
   * disk; returns at once. False if the call is unavailable or failed (nothing is lost: the range
   * is simply written by the next sync).
   */
  static boolean start(int fd, long from, long to) {
    if (SYNC_FILE_RANGE == null || fd < 0 || to <= from) {
      return false;
    }
    try {
      return (int) SYNC_FILE_RANGE.invokeExact(fd, from, to - from, SYNC_FILE_RANGE_WRITE) == 0;
    } catch (Throwable e) {
      return false;
    }
  }
}
