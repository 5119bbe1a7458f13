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
 * <p>Also drops a synced range from the page cache ({@code posix_fadvise} with {@code
 * POSIX_FADV_DONTNEED}, {@link #release}), so that written pages are recycled at once instead of
 * being reclaimed later under memory pressure (decision 0016).
 *
 * <p>Where a call cannot be had, {@link #available()} (or {@link #releaseAvailable()}) is false and
 * callers fall back to what they did without it (one log line at start).
 */
final class WriteBehind {
  private static final int SYNC_FILE_RANGE_WRITE = 2;

  private static final int POSIX_FADV_DONTNEED = 4;

  private static final MethodHandle SYNC_FILE_RANGE;
  private static final MethodHandle POSIX_FADVISE;

  static {
    SYNC_FILE_RANGE =
        rangeCall("sync_file_range", "large appends sync their payload early instead");
    POSIX_FADVISE = rangeCall("posix_fadvise", "written pages stay cached until reclaimed");
  }

  /**
   * The C library's {@code int name(int fd, off_t offset, off_t length, int flags)}, or null
   * (logged with {@code fallback}) where it cannot be had.
   */
  private static MethodHandle rangeCall(String name, String fallback) {
    try {
      return PageCacheReads.libc(
          name,
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT));
    } catch (Throwable e) {
      SegmentPieceStore.LOG.info("{} unavailable ({}); {}", name, e.toString(), fallback);
      return null;
    }
  }

  static boolean releaseAvailable() {
    return POSIX_FADVISE != null;
  }

  /**
   * Drops the clean cached pages wholly inside {@code [from, to)} of {@code fd}'s file from the
   * page cache; the kernel keeps dirty pages and the partial pages at either end. Returns at once.
   * False if the call is unavailable or failed (nothing is lost: the pages are reclaimed later
   * instead).
   */
  static boolean release(int fd, long from, long to) {
    if (POSIX_FADVISE == null || fd < 0 || to <= from) {
      return false;
    }
    try {
      return (int) POSIX_FADVISE.invokeExact(fd, from, to - from, POSIX_FADV_DONTNEED) == 0;
    } catch (Throwable e) {
      return false;
    }
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
