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

  /** Most buffers one {@link #read} fills. */
  static final int MAX_PARTS = 3;

  /** Per thread: {@link #MAX_PARTS} {@code struct iovec}s (base, length). */
  private static final ThreadLocal<MemorySegment> IOVEC =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16L * MAX_PARTS, 8));

  static {
    MethodHandle preadv2 = null;
    Field channelFd = null;
    Field descriptorFd = null;
    try {
      preadv2 =
          libc(
              "preadv2",
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

  /** A downcall handle of the C library's function {@code name}; throws if there is none. */
  static MethodHandle libc(String name, FunctionDescriptor descriptor) {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor);
  }

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
    long[] one = {MemorySegment.ofBuffer(dst).address(), dst.remaining()};
    boolean done = read(fd, one, 1, position, true);
    java.lang.ref.Reference.reachabilityFence(dst);
    if (done) {
      dst.position(dst.limit());
    }
    return done;
  }

  /**
   * One positional scatter read ({@code preadv2}) from {@code position} of {@code fd} into {@code
   * count} (at most {@link #MAX_PARTS}) memory areas in order: {@code parts[2i]} is an area's
   * address, {@code parts[2i + 1]} its length. With {@code nowait} ({@code RWF_NOWAIT}) it never
   * waits for the disk; without, it is a plain blocking {@code preadv}. True if every byte was
   * read; false if not (any byte not in the page cache with {@code nowait}, end of file, an error),
   * and then the areas may have been partly written. The caller keeps the memory alive during the
   * call.
   */
  static boolean read(int fd, long[] parts, int count, long position, boolean nowait) {
    MemorySegment iov = IOVEC.get();
    long length = 0;
    for (int i = 0; i < count; i++) {
      iov.set(ValueLayout.JAVA_LONG, 16L * i, parts[2 * i]);
      iov.set(ValueLayout.JAVA_LONG, 16L * i + 8, parts[2 * i + 1]);
      length += parts[2 * i + 1];
    }
    long n;
    try {
      n = (long) PREADV2.invokeExact(fd, iov, count, position, nowait ? RWF_NOWAIT : 0);
    } catch (Throwable e) {
      return false;
    }
    return n == length;
  }
}
