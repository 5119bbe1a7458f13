package io.ddc.benchmarks;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The I/O engine decision (docs/decisions/0010-io-engine.md): random positional reads of {@code
 * readSize} bytes from a 256 MiB file into direct buffers, completed asynchronously as the store
 * does it — {@code FileChannel.read} on a small thread pool vs an {@code IORING_OP_READ} submitted
 * through Netty 4.2's io_uring event loop (a custom {@link IoUringIoOps} on a registered handle).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IoUringFileReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class IoUringFileReadBenchmark {
  private static final byte IORING_OP_READ = 22;
  private static final long FILE_SIZE = 256L << 20;

  @Param({"4096", "65536"})
  int readSize;

  Path dir;
  FileChannel channel;
  ExecutorService pool;
  MultiThreadIoEventLoopGroup group;
  IoEventLoop loop;
  IoRegistration registration;
  int fd;

  /** The OS descriptor of a FileChannel (needs --add-opens java.base/sun.nio.ch and java.io). */
  static int descriptor(FileChannel ch) throws ReflectiveOperationException {
    java.lang.reflect.Field f = ch.getClass().getDeclaredField("fd");
    f.setAccessible(true);
    java.io.FileDescriptor d = (java.io.FileDescriptor) f.get(ch);
    java.lang.reflect.Field n = java.io.FileDescriptor.class.getDeclaredField("fd");
    n.setAccessible(true);
    return n.getInt(d);
  }

  final ConcurrentHashMap<Short, CompletableFuture<Integer>> pending = new ConcurrentHashMap<>();
  final AtomicInteger ids = new AtomicInteger();

  /** Receives the completions of our reads on the io_uring event loop. */
  final class ReadHandle implements IoUringIoHandle {
    @Override
    public void handle(IoRegistration reg, IoEvent event) {
      IoUringIoEvent e = (IoUringIoEvent) event;
      CompletableFuture<Integer> f = pending.remove(e.data());
      if (f != null) {
        if (e.res() < 0) {
          f.completeExceptionally(new IOException("io_uring read failed: errno " + -e.res()));
        } else {
          f.complete(e.res());
        }
      }
    }

    @Override
    public void close() {}
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (!IoUring.isAvailable()) {
      throw new IllegalStateException("io_uring unavailable: " + IoUring.unavailabilityCause());
    }
    dir = StoreFixtures.scratch("bench-uring");
    Path file = dir.resolve("data.bin");
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    byte[] chunk = StoreFixtures.content(1, 1 << 20);
    for (long p = 0; p < FILE_SIZE; p += chunk.length) {
      ByteBuffer b = ByteBuffer.wrap(chunk);
      while (b.hasRemaining()) {
        channel.write(b, p + b.position());
      }
    }
    channel.force(true);
    fd = descriptor(channel);
    pool = Executors.newFixedThreadPool(4);
    group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
    loop = (IoEventLoop) group.next();
    registration = loop.register(new ReadHandle()).sync().getNow();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    registration.cancel();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    pool.shutdown();
    channel.close();
    StoreFixtures.delete(dir);
  }

  /** Per-thread direct buffer, as the store allocates one per read. */
  @State(Scope.Thread)
  public static class Buffer {
    ByteBuffer buffer;

    @Setup
    public void setUp(IoUringFileReadBenchmark b) {
      buffer = ByteBuffer.allocateDirect(b.readSize);
    }
  }

  private long randomOffset() {
    return ThreadLocalRandom.current().nextLong(FILE_SIZE / readSize) * readSize;
  }

  @Benchmark
  public int fileChannelOnPool(Buffer b) throws Exception {
    long pos = randomOffset();
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                b.buffer.clear();
                return channel.read(b.buffer, pos);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            pool)
        .get();
  }

  @Benchmark
  public int ioUring(Buffer b) throws Exception {
    long pos = randomOffset();
    short id = (short) ids.incrementAndGet();
    CompletableFuture<Integer> f = new CompletableFuture<>();
    pending.put(id, f);
    long address = io.netty.util.internal.PlatformDependent.directBufferAddress(b.buffer);
    IoUringIoOps op =
        new IoUringIoOps(
            IORING_OP_READ,
            (byte) 0,
            (short) 0,
            fd,
            pos,
            address,
            readSize,
            0,
            id,
            (short) 0,
            (short) 0,
            0,
            0L);
    loop.execute(() -> registration.submit(op));
    return f.get();
  }
}
