package io.ddc.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads that never wait for the disk: {@code preadv2(2)} with {@code RWF_NOWAIT} through
 * the FFM API, which copies the bytes if the page cache holds all of them and otherwise fails at
 * once ({@code EAGAIN}) or reads only the cached prefix. Used to complete small reads on the
 * caller's thread, even an event loop, when no I/O is needed (decision 0013).
 *
 * <p>The descriptor is the {@link FileChannel}'s own (read through reflection; the project's JVM
 * flags open {@code sun.nio.ch} and {@code java.io}). {@link Segment} makes sure the channel is not
 * closed during a call. Where {@code preadv2} or the descriptor cannot be had, {@link #available()}
 * is false and every read takes the I/O pool (one log line at start).
 */
final class PageCacheReads {
  private static final int RWF_NOWAIT = 0x00000008;

  private static final MethodHandle PREADV2;
  private static final Field CHANNEL_FD;
  private static final Field DESCRIPTOR_FD;

  /** Per thread: one {@code struct iovec} (base, length). */
  private static final ThreadLocal<MemorySegment> IOVEC =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

  static {
    MethodHandle preadv2 = null;
    Field channelFd = null;
    Field descriptorFd = null;
    try {
      Linker linker = Linker.nativeLinker();
      preadv2 =
          linker.downcallHandle(
              linker.defaultLookup().find("preadv2").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_INT));
      channelFd = Class.forName("sun.nio.ch.FileChannelImpl").getDeclaredField("fd");
      channelFd.setAccessible(true);
      descriptorFd = java.io.FileDescriptor.class.getDeclaredField("fd");
      descriptorFd.setAccessible(true);
    } catch (Throwable e) {
      SegmentPieceStore.LOG.info(
          "non-blocking page-cache reads unavailable ({}); every read runs on an I/O thread",
          e.toString());
      preadv2 = null;
    }
    PREADV2 = preadv2;
    CHANNEL_FD = channelFd;
    DESCRIPTOR_FD = descriptorFd;
  }

  private PageCacheReads() {}

  static boolean available() {
    return PREADV2 != null;
  }

  /** The channel's file descriptor, or -1 if unavailable. */
  static int descriptor(FileChannel channel) {
    if (PREADV2 == null) {
      return -1;
    }
    try {
      return DESCRIPTOR_FD.getInt(CHANNEL_FD.get(channel));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Fills {@code dst} (direct) from {@code position} of {@code fd} if the page cache holds every
   * byte; returns false, with {@code dst}'s position unchanged, if any byte would need the disk.
   */
  static boolean readCached(int fd, ByteBuffer dst, long position) {
    int length = dst.remaining();
    MemorySegment iov = IOVEC.get();
    iov.set(ValueLayout.JAVA_LONG, 0, MemorySegment.ofBuffer(dst).address());
    iov.set(ValueLayout.JAVA_LONG, 8, length);
    long n;
    try {
      n = (long) PREADV2.invokeExact(fd, iov, 1, position, RWF_NOWAIT);
    } catch (Throwable e) {
      return false;
    }
    if (n != length) {
      return false;
    }
    dst.position(dst.limit());
    return true;
  }
}
