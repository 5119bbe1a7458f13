package io.ddc.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * BLAKE3 (unkeyed, 32-byte output), incremental, on two implementations with the same digests.
 *
 * <p>The SIMD path ({@link Blake3Simd}, after {@link #prepareSimd()}): whole chunks are compressed
 * sixteen (AVX-512) or eight (AVX2) at a time, one per vector lane, straight from the input or
 * through a one-call buffer; their chaining values wait across updates and are reduced in aligned
 * subtrees of up to 256 chunks, in vectors too (0019); only what is left of the input after its
 * last whole kernel call goes through the scalar code. About 10× BouncyCastle on 1 MiB inputs
 * (BENCHMARKING.md, "Hashing").
 *
 * <p>The scalar path, tuned for the JIT: the compression function keeps the state and message in
 * local variables with all seven rounds unrolled and the message schedule resolved at compile time,
 * whole 1 KiB chunks are compressed straight from the caller's array, and only the chaining values
 * of completed subtrees are kept. It produces the same digests as {@link Hashing#blake3_256}, which
 * it replaces on hot paths (the storage engine hashes every stored byte).
 *
 * <p>Not thread-safe; one instance per stream. {@link #digest()} may be called once, then {@link
 * #reset()} before reuse.
 */
public final class Blake3 {
  /** Digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private static final int BLOCK_LEN = 64;
  private static final int CHUNK_LEN = 1024;
  private static final int CHUNK_START = 1;
  private static final int CHUNK_END = 2;
  private static final int PARENT = 4;
  private static final int ROOT = 8;
  private static final int[] IV = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19
  };
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Chaining values of completed subtrees, 8 words each (54 levels cover 2^64 bytes). */
  private final int[] stack = new int[54 * 8];

  private int stackSize;

  /** The current chunk: its chaining value, counter, buffered block and progress. */
  private final int[] cv = new int[8];

  private final int[] m = new int[16];
  private final byte[] block = new byte[BLOCK_LEN];
  private int blockLen;
  private int blocksCompressed;
  private long chunkCounter;
  private byte[] scratch;
  private boolean finished;

  /** Whether whole chunks go through the SIMD kernel ({@link Blake3Simd}). */
  private final boolean simd;

  /**
   * Input waiting for a whole kernel call ({@code SimdSupport.LANE_BYTES}), SIMD only. While it
   * holds bytes, the scalar chunk state is empty and the bytes start at chunk {@link #chunkCounter}
   * + {@link #deferred}.
   */
  private byte[] pending;

  private int pendingLen;

  /**
   * Whole chunks compressed by the kernel whose chaining values wait in {@link #laneCvs}, not yet
   * pushed: chunks {@link #chunkCounter} onwards (SIMD only). While there are any, the scalar chunk
   * state is empty.
   */
  private int deferred;

  /** At most one chunk's bytes of a buffer, copied for the scalar code (SIMD path only). */
  private byte[] chunkScratch;

  /** Chaining values out of the SIMD kernel: a subtree's chunks, 8 words each. */
  private int[] laneCvs;

  /**
   * A hasher on the SIMD kernel once {@link #prepareSimd()} has found it compiled and faster than
   * the scalar code in this JVM, on the scalar code until then (and wherever the kernel is
   * unavailable).
   */
  public Blake3() {
    this(SimdWarmup.ready);
  }

  /**
   * With {@code simd} true the kernel runs wherever it is available, warmed up or not (tests); with
   * false the scalar code runs.
   */
  Blake3(boolean simd) {
    this.simd = simd && SimdSupport.ENABLED;
    reset();
  }

  /**
   * Which implementation new instances use: {@code "simd-N"} (N chunks per kernel call; {@code
   * "simd-N-gathered"} with {@code ddc.blake3.gather=true}) once {@link #prepareSimd()} has
   * switched them over, {@code "scalar"} before and wherever the kernel is not available. Both
   * produce the same digests.
   */
  public static String implementation() {
    return SimdWarmup.ready
        ? "simd-" + Blake3Simd.LANES + (Blake3Simd.GATHER ? "-gathered" : "")
        : "scalar";
  }

  /**
   * Switches new instances to the SIMD kernel once it pays, in the background; idempotent and cheap
   * after the first call. The kernel is available when the {@code jdk.incubator.vector} module is
   * in the boot layer ({@code --add-modules=jdk.incubator.vector}), vectors hold at least 8 ints,
   * the JIT's optimizing tier is enabled (interpreted or C1-compiled Vector API code is many times
   * slower than the scalar code) and the system property {@code ddc.blake3.simd} is not {@code
   * false}. A daemon thread then hashes 256 KiB on both paths until the kernel's digests match the
   * scalar ones and it is at least twice as fast three times in a row (within 20 s; about 1–2 s of
   * one core on an idle machine), and only then do new instances take it. A scalar instance that
   * digests 1 MiB or more calls this itself.
   *
   * @return completes with {@link #implementation()} once decided; never fails
   */
  public static CompletableFuture<String> prepareSimd() {
    return SimdWarmup.start();
  }

  /** Decides once per JVM whether the SIMD kernel can be used; never links it when it cannot. */
  private static final class SimdSupport {
    static final boolean ENABLED = detect();

    /** Bytes of the chunks one kernel call compresses (0 where there is no kernel). */
    static final int LANE_BYTES = ENABLED ? Blake3Simd.LANES * CHUNK_LEN : 0;

    private static boolean detect() {
      if ("false".equalsIgnoreCase(System.getProperty("ddc.blake3.simd"))) {
        return false;
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return false;
      }
      try {
        // a push of the deferred values must leave room for the next kernel call's
        return Blake3Simd.LANES >= 8 && 2 * Blake3Simd.LANES <= MAX_DEFERRED_CHUNKS;
      } catch (LinkageError e) {
        return false;
      }
    }

    /** False under {@code -Xint}, {@code -XX:TieredStopAtLevel} below 4 or without a JIT. */
    static boolean optimizingJit() {
      if (System.getProperty("java.vm.info", "").contains("interpreted")) {
        return false;
      }
      try {
        var hotspot =
            java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        boolean tiered = Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue());
        int stop = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
        return !tiered || stop >= 4;
      } catch (RuntimeException | LinkageError e) {
        // Not HotSpot: the timing in SimdWarmup still decides.
        return true;
      }
    }
  }

  /** The background switch of {@link #prepareSimd()}. */
  private static final class SimdWarmup {
    static volatile boolean ready;
    private static final CompletableFuture<String> DECIDED = new CompletableFuture<>();
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED =
        new java.util.concurrent.atomic.AtomicBoolean();

    static CompletableFuture<String> start() {
      if (STARTED.compareAndSet(false, true)) {
        if (!SimdSupport.ENABLED || !SimdSupport.optimizingJit()) {
          DECIDED.complete("scalar");
        } else {
          Thread t = new Thread(SimdWarmup::run, "blake3-simd-warmup");
          t.setDaemon(true);
          t.setPriority(Thread.MIN_PRIORITY);
          t.start();
        }
      }
      return DECIDED;
    }

    private static void run() {
      try {
        byte[] data = new byte[256 * 1024];
        new java.util.SplittableRandom(0x3b1a4e).nextBytes(data);
        int wins = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int round = 0; round < 1000 && wins < 3 && System.nanoTime() < deadline; round++) {
          long t0 = System.nanoTime();
          Blake3 vector = new Blake3(true);
          vector.update(data, 0, data.length);
          byte[] a = vector.digest();
          long t1 = System.nanoTime();
          Blake3 scalar = new Blake3(false);
          scalar.update(data, 0, data.length);
          byte[] b = scalar.digest();
          long t2 = System.nanoTime();
          if (!java.util.Arrays.equals(a, b)) {
            break;
          }
          wins = 2 * (t1 - t0) < t2 - t1 ? wins + 1 : 0;
        }
        ready = wins >= 3;
      } finally {
        DECIDED.complete(implementation());
      }
    }
  }

  /**
   * A hasher on the scalar code whatever {@link #prepareSimd()} decided (baselines, cross-checks).
   */
  public static Blake3 scalar() {
    return new Blake3(false);
  }

  /** BLAKE3-256 of {@code data}. */
  public static byte[] hash(byte[] data) {
    Blake3 h = new Blake3();
    h.update(data, 0, data.length);
    return h.digest();
  }

  /** Forgets everything hashed so far. */
  public void reset() {
    System.arraycopy(IV, 0, cv, 0, 8);
    stackSize = 0;
    blockLen = 0;
    blocksCompressed = 0;
    chunkCounter = 0;
    pendingLen = 0;
    deferred = 0;
    finished = false;
  }

  /** Hashes {@code len} bytes of {@code in} from {@code off}. */
  public void update(byte[] in, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, in.length);
    if (finished) {
      throw new IllegalStateException("digest() already called; reset() first");
    }
    if (simd
        && !(pending == null
            && deferred == 0
            && chunkCounter == 0
            && chunkLength() + len <= CHUNK_LEN)) {
      updateLanes(MemorySegment.ofArray(in), off, off + len);
      return;
    }
    // Everything so far fits the first chunk (keys, records, names): the scalar code, no buffers.
    scalarUpdate(in, off, len);
  }

  /** The scalar path of {@link #update(byte[], int, int)}. */
  private void scalarUpdate(byte[] in, int off, int len) {
    int end = off + len;
    while (off < end) {
      if (chunkLength() == CHUNK_LEN) {
        finishChunk();
      }
      if (blockLen == 0 && blocksCompressed == 0 && end - off > CHUNK_LEN) {
        // A whole chunk that is not the last: compress it straight from the input.
        wholeChunk(in, off);
        off += CHUNK_LEN;
        continue;
      }
      if (blockLen == BLOCK_LEN) {
        // The buffered block is not the chunk's last: more input follows.
        compressBlock(block, 0, BLOCK_LEN, blocksCompressed == 0 ? CHUNK_START : 0);
        blocksCompressed++;
        blockLen = 0;
      }
      if (blockLen == 0) {
        // Full blocks that are certainly not the chunk's last go straight from the input.
        int room = CHUNK_LEN - blocksCompressed * BLOCK_LEN;
        while (end - off > BLOCK_LEN && room > BLOCK_LEN) {
          compressBlock(in, off, BLOCK_LEN, blocksCompressed == 0 ? CHUNK_START : 0);
          blocksCompressed++;
          off += BLOCK_LEN;
          room -= BLOCK_LEN;
        }
      }
      int take = Math.min(BLOCK_LEN - blockLen, end - off);
      System.arraycopy(in, off, block, blockLen, take);
      blockLen += take;
      off += take;
    }
  }

  /** Hashes the remaining bytes of {@code in} (its position is not moved). */
  public void update(ByteBuffer in) {
    if (in.hasArray()) {
      update(in.array(), in.arrayOffset() + in.position(), in.remaining());
      return;
    }
    if (simd) {
      if (finished) {
        throw new IllegalStateException("digest() already called; reset() first");
      }
      // The segment starts at the buffer's position.
      updateLanes(MemorySegment.ofBuffer(in), 0, in.remaining());
      return;
    }
    int p = in.position();
    int end = in.limit();
    if (scratch == null) {
      scratch = new byte[16 * CHUNK_LEN];
    }
    while (p < end) {
      int n = Math.min(scratch.length, end - p);
      in.get(p, scratch, 0, n);
      update(scratch, 0, n);
      p += n;
    }
  }

  /** The 32-byte digest of everything hashed since construction or {@link #reset()}. */
  public byte[] digest() {
    byte[] out = new byte[DIGEST_LENGTH];
    digest(out, 0);
    return out;
  }

  /** Writes the 32-byte digest into {@code out} at {@code off}. */
  public void digest(byte[] out, int off) {
    java.util.Objects.checkFromIndexSize(off, DIGEST_LENGTH, out.length);
    finish(ROOT);
    for (int i = 0; i < 8; i++) {
      LE_INT.set(out, off + 4 * i, cv[i]);
    }
  }

  /**
   * Leaves in {@link #cv} the chaining value of everything hashed: the chunk's last block, then
   * each parent up the stack; the last compression gets {@code rootFlag}.
   */
  private void finish(int rootFlag) {
    if (finished) {
      throw new IllegalStateException("digest() already called; reset() first");
    }
    boolean held = false;
    if (pendingLen > 0) {
      if (deferred > 0) {
        pushDeferred(false); // the pending bytes follow them
      }
      drainPending();
    } else if (deferred > 0) {
      // The deferred chunks are the input's last: all but the last one are pushed, and the last
      // one's chaining value (of a chunk that is not the root: the kernel compresses several)
      // takes the place of the chunk state below.
      pushDeferred(true);
      held = true;
      deferred = 0;
    }
    if (!simd && chunkCounter >= 1024) {
      // This JVM hashes large inputs: find out whether the kernel pays.
      SimdWarmup.start();
    }
    finished = true;
    if (held) {
      System.arraycopy(laneCvs, 0, cv, 0, 8);
      for (int level = stackSize - 1; level >= 0; level--) {
        System.arraycopy(stack, level * 8, m, 0, 8);
        System.arraycopy(cv, 0, m, 8, 8);
        System.arraycopy(IV, 0, cv, 0, 8);
        compress(cv, m, 0, BLOCK_LEN, PARENT | (level == 0 ? rootFlag : 0));
      }
      return;
    }
    java.util.Arrays.fill(block, blockLen, BLOCK_LEN, (byte) 0);
    loadWords(block, 0);
    int flags = (blocksCompressed == 0 ? CHUNK_START : 0) | CHUNK_END;
    long counter = chunkCounter;
    int len = blockLen;
    for (int level = stackSize - 1; level >= 0; level--) {
      compress(cv, m, counter, len, flags);
      System.arraycopy(stack, level * 8, m, 0, 8);
      System.arraycopy(cv, 0, m, 8, 8);
      System.arraycopy(IV, 0, cv, 0, 8);
      counter = 0;
      len = BLOCK_LEN;
      flags = PARENT;
    }
    compress(cv, m, counter, len, flags | rootFlag);
  }

  /**
   * Like {@link #update(byte[], int, int)}, but hashes large inputs on two threads: BLAKE3 is a
   * tree, so the first aligned subtree of whole chunks is hashed on the calling thread while the
   * rest is hashed by a task on {@code pool}, and the subtrees' chaining values are then merged in
   * order. The calling thread waits for (or runs) that task. Inputs under {@link
   * #PARALLEL_MIN_BYTES}, and every input of an instance on the SIMD kernel (faster on one thread
   * than the scalar code on two), are hashed on the calling thread.
   */
  public void update(byte[] in, int off, int len, ForkJoinPool pool) {
    java.util.Objects.checkFromIndexSize(off, len, in.length);
    update(ByteBuffer.wrap(in, off, len), pool);
  }

  /**
   * Like {@link #update(byte[], int, int, ForkJoinPool)} for the remaining bytes of {@code in},
   * heap or direct (its position is not moved; direct bytes are copied in 16 KiB pieces per
   * thread).
   */
  public void update(ByteBuffer in, ForkJoinPool pool) {
    ByteBuffer src = in.slice();
    int len = src.remaining();
    if (len < PARALLEL_MIN_BYTES || simd) {
      // The SIMD kernel hashes faster on one thread than the scalar code on two (BENCHMARKING.md).
      update(src);
      return;
    }
    // Complete the current chunk and close it (more input follows).
    int off = chunkLength() == 0 ? 0 : CHUNK_LEN - chunkLength();
    update(src.slice(0, off));
    len -= off;
    if (chunkLength() == CHUNK_LEN) {
      finishChunk();
    }
    // Whole chunks that are certainly not the last, as aligned power-of-two subtrees.
    long chunks = (len - 1) / CHUNK_LEN;
    java.util.List<long[]> subtrees = new java.util.ArrayList<>();
    long at = chunkCounter;
    long left = chunks;
    while (left > 0) {
      long size = Long.highestOneBit(left);
      if (at != 0) {
        size = Math.min(size, Long.lowestOneBit(at));
      }
      subtrees.add(new long[] {at, size});
      at += size;
      left -= size;
    }
    final int base = off;
    final long first = chunkCounter;
    ForkJoinTask<int[][]> rest =
        ForkJoinTask.adapt(
            () -> {
              int[][] cvs = new int[subtrees.size()][];
              for (int i = 1; i < subtrees.size(); i++) {
                long[] t = subtrees.get(i);
                cvs[i] = subtreeCv(src, base + (int) ((t[0] - first) * CHUNK_LEN), t[0], t[1]);
              }
              return cvs;
            });
    if (subtrees.size() > 1) {
      pool.execute(rest);
    }
    int[] firstCv = subtreeCv(src, off, subtrees.get(0)[0], subtrees.get(0)[1]);
    int[][] cvs = subtrees.size() > 1 ? rest.join() : new int[1][];
    cvs[0] = firstCv;
    for (int i = 0; i < cvs.length; i++) {
      pushSubtree(cvs[i], subtrees.get(i)[1]);
    }
    int done = (int) (chunks * CHUNK_LEN);
    update(src.slice(off + done, len - done));
  }

  /** Inputs from this size on are split across two threads by the pool-taking update. */
  public static final int PARALLEL_MIN_BYTES = 128 * 1024;

  /**
   * The chaining value of {@code chunks} whole chunks (a power of two) starting at chunk {@code
   * counter}, read from {@code in} at {@code off}.
   */
  private static int[] subtreeCv(ByteBuffer in, int off, long counter, long chunks) {
    Blake3 sub = new Blake3();
    sub.chunkCounter = counter;
    sub.update(in.slice(off, (int) (chunks * CHUNK_LEN)));
    sub.finish(0);
    return sub.cv.clone();
  }

  /**
   * Pushes a complete subtree's chaining value (more input follows) and merges what is complete.
   */
  private void pushSubtree(int[] subtreeCv, long chunks) {
    System.arraycopy(subtreeCv, 0, stack, stackSize * 8, 8);
    stackSize++;
    chunkCounter += chunks;
    while (stackSize > Long.bitCount(chunkCounter)) {
      stackSize -= 2;
      System.arraycopy(stack, stackSize * 8, m, 0, 16);
      System.arraycopy(IV, 0, cv, 0, 8);
      compress(cv, m, 0, BLOCK_LEN, PARENT);
      System.arraycopy(cv, 0, stack, stackSize * 8, 8);
      stackSize++;
    }
    System.arraycopy(IV, 0, cv, 0, 8);
  }

  /**
   * At most this many chunks' chaining values wait in {@link #laneCvs} to be reduced together
   * ({@link #deferred}): the larger the subtree reduced at once, the fuller the kernel's lanes in
   * the upper levels of the tree. A constant, not derived from {@link Blake3Simd#LANES}: this class
   * must load where the vector module is absent ({@code java -jar} without {@code --add-modules});
   * {@link SimdSupport} refuses a kernel whose lanes would not leave room for two calls.
   */
  private static final int MAX_DEFERRED_CHUNKS = 256;

  /**
   * The SIMD path of both updates, for {@code src[off, end)}: an open scalar chunk is completed
   * first; from a chunk boundary on, whole chunks go to the kernel {@link Blake3Simd#LANES} at a
   * time, straight from the input while a kernel call's worth is left, through {@link #pending}
   * otherwise. Their chaining values wait in {@link #laneCvs} ({@link #deferred}) until {@link
   * #MAX_DEFERRED_CHUNKS} are there and more input follows, or the digest: a stream of small
   * updates is reduced in subtrees as large as one large update is.
   */
  private void updateLanes(MemorySegment src, long off, long end) {
    while (off < end) {
      if (pendingLen == 0
          && deferred == 0
          && (chunkLength() > 0
              || (chunkCounter == 0 && pending == null && end - off <= CHUNK_LEN))) {
        // An open chunk, or a small first update: the scalar code, up to the chunk's end.
        if (chunkLength() == CHUNK_LEN) {
          finishChunk();
          continue;
        }
        int take = (int) Math.min(CHUNK_LEN - chunkLength(), end - off);
        if (chunkScratch == null) {
          chunkScratch = new byte[CHUNK_LEN];
        }
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off, chunkScratch, 0, take);
        scalarUpdate(chunkScratch, 0, take);
        off += take;
        if (chunkLength() < CHUNK_LEN || off == end) {
          continue;
        }
        finishChunk();
        continue;
      }
      if (pendingLen == SimdSupport.LANE_BYTES) {
        // More input follows, so none of the pending chunks is the last.
        deferLanes(MemorySegment.ofArray(pending), 0);
        pendingLen = 0;
        continue;
      }
      if (pendingLen == 0 && end - off >= SimdSupport.LANE_BYTES) {
        deferLanes(src, off);
        off += SimdSupport.LANE_BYTES;
        continue;
      }
      if (pending == null) {
        pending = new byte[SimdSupport.LANE_BYTES];
      }
      int take = (int) Math.min(SimdSupport.LANE_BYTES - pendingLen, end - off);
      MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off, pending, pendingLen, take);
      pendingLen += take;
      off += take;
    }
  }

  /**
   * Compresses one kernel call's whole chunks at {@code src[off]}, the next after those deferred,
   * and defers their chaining values; when there is no room left for them, the deferred ones are
   * pushed first (these chunks follow them).
   */
  private void deferLanes(MemorySegment src, long off) {
    int lanes = Blake3Simd.LANES;
    if (deferred + lanes > MAX_DEFERRED_CHUNKS) {
      pushDeferred(false);
    }
    int[] cvs = laneCvs();
    Blake3Simd.forThread().chunks(src, off, chunkCounter + deferred, cvs, deferred * 8);
    deferred += lanes;
  }

  /**
   * Pushes the deferred chaining values as the largest subtrees their chunk counters align to, each
   * reduced in vectors; with {@code holdLast}, all but the last, which stays at the front of {@link
   * #laneCvs} for {@link #finish}. Every value pushed has input after it (the caller's guarantee:
   * the pushes merge eagerly).
   */
  private void pushDeferred(boolean holdLast) {
    Blake3Simd kernel = Blake3Simd.forThread();
    int[] cvs = laneCvs;
    int keep = holdLast ? 1 : 0;
    while (deferred > keep) {
      int size = Integer.highestOneBit(deferred - keep);
      if (chunkCounter != 0) {
        size = (int) Math.min(size, Long.lowestOneBit(chunkCounter));
      }
      pushReduced(kernel, cvs, size);
      deferred -= size;
      System.arraycopy(cvs, size * 8, cvs, 0, deferred * 8);
    }
  }

  /**
   * Reduces the chaining values of {@code chunks} (a power of two) aligned chunks at the front of
   * {@code cvs} to their subtree's in vectors and pushes it.
   */
  private void pushReduced(Blake3Simd kernel, int[] cvs, int chunks) {
    for (int count = chunks; count > 1; count /= 2) {
      kernel.parents(cvs, count / 2);
    }
    pushSubtree(cvs, chunks); // copies the first 8 words, the subtree's chaining value
  }

  private void pushLaneCvs(int[] cvs, int chunks) {
    for (int l = 0; l < chunks; l++) {
      System.arraycopy(cvs, l * 8, cv, 0, 8);
      pushChunk();
    }
  }

  private int[] laneCvs() {
    if (laneCvs == null) {
      laneCvs = new int[MAX_DEFERRED_CHUNKS * 8];
    }
    return laneCvs;
  }

  /**
   * Before the digest: the pending bytes' whole chunks but the last go through the kernel (lanes
   * past them compress stale bytes, whose outputs are dropped) or, when there are fewer than two,
   * the scalar code; the last chunk's bytes go into the scalar chunk state.
   */
  private void drainPending() {
    int whole = (pendingLen - 1) / CHUNK_LEN;
    if (whole >= 2) {
      int[] cvs = laneCvs();
      Blake3Simd.forThread().chunks(pending, 0, chunkCounter, cvs, 0);
      pushLaneCvs(cvs, whole);
    } else if (whole == 1) {
      wholeChunk(pending, 0);
    }
    int rest = pendingLen - whole * CHUNK_LEN;
    pendingLen = 0;
    scalarUpdate(pending, whole * CHUNK_LEN, rest);
  }

  private int chunkLength() {
    return blocksCompressed * BLOCK_LEN + blockLen;
  }

  /** Closes the full current chunk (more input follows) and pushes its chaining value. */
  private void finishChunk() {
    compressBlock(block, 0, BLOCK_LEN, (blocksCompressed == 0 ? CHUNK_START : 0) | CHUNK_END);
    pushChunk();
  }

  private void wholeChunk(byte[] in, int off) {
    compressBlock(in, off, BLOCK_LEN, CHUNK_START);
    for (int b = 1; b < 15; b++) {
      compressBlock(in, off + b * BLOCK_LEN, BLOCK_LEN, 0);
    }
    compressBlock(in, off + 15 * BLOCK_LEN, BLOCK_LEN, CHUNK_END);
    pushChunk();
  }

  /** Merges the finished chunk's chaining value into the subtree stack; starts the next chunk. */
  private void pushChunk() {
    long total = chunkCounter + 1;
    while ((total & 1) == 0) {
      stackSize--;
      System.arraycopy(stack, stackSize * 8, m, 0, 8);
      System.arraycopy(cv, 0, m, 8, 8);
      System.arraycopy(IV, 0, cv, 0, 8);
      compress(cv, m, 0, BLOCK_LEN, PARENT);
      total >>>= 1;
    }
    System.arraycopy(cv, 0, stack, stackSize * 8, 8);
    stackSize++;
    chunkCounter++;
    System.arraycopy(IV, 0, cv, 0, 8);
    blocksCompressed = 0;
    blockLen = 0;
  }

  private void compressBlock(byte[] in, int off, int len, int flags) {
    loadWords(in, off);
    compress(cv, m, chunkCounter, len, flags);
  }

  private void loadWords(byte[] in, int off) {
    int[] w = m;
    for (int i = 0; i < 16; i++) {
      w[i] = (int) LE_INT.get(in, off + 4 * i);
    }
  }

  /** The compression function; replaces {@code h} with the first 8 output words. */
  private static void compress(int[] h, int[] m, long counter, int blockLen, int flags) {
    int m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
    int m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11];
    int m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
    int v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
    int v8 = 0x6A09E667, v9 = 0xBB67AE85, v10 = 0x3C6EF372, v11 = 0xA54FF53A;
    int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLen, v15 = flags;
    // round 1
    v0 += v4 + m0;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m1;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m2;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m3;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m4;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m5;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m6;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m7;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m8;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m9;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m10;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m11;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m12;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m13;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m14;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m15;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 2
    v0 += v4 + m2;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m6;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m3;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m10;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m7;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m0;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m4;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m13;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m1;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m11;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m12;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m5;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m9;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m14;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m15;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m8;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 3
    v0 += v4 + m3;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m4;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m10;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m12;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m13;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m2;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m7;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m14;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m6;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m5;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m9;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m0;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m11;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m15;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m8;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m1;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 4
    v0 += v4 + m10;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m7;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m12;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m9;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m14;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m3;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m13;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m15;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m4;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m0;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m11;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m2;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m5;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m8;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m1;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m6;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 5
    v0 += v4 + m12;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m13;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m9;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m11;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m15;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m10;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m14;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m8;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m7;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m2;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m5;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m3;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m0;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m1;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m6;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m4;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 6
    v0 += v4 + m9;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m14;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m11;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m5;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m8;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m12;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m15;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m1;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m13;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m3;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m0;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m10;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m2;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m6;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m4;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m7;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 7
    v0 += v4 + m11;
    v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m15;
    v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12;
    v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m5;
    v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m0;
    v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13;
    v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m1;
    v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m9;
    v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14;
    v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m8;
    v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m6;
    v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15;
    v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m14;
    v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m10;
    v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15;
    v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m2;
    v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m12;
    v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12;
    v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m3;
    v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m4;
    v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13;
    v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m7;
    v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m13;
    v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14;
    v4 = Integer.rotateRight(v4 ^ v9, 7);
    h[0] = v0 ^ v8;
    h[1] = v1 ^ v9;
    h[2] = v2 ^ v10;
    h[3] = v3 ^ v11;
    h[4] = v4 ^ v12;
    h[5] = v5 ^ v13;
    h[6] = v6 ^ v14;
    h[7] = v7 ^ v15;
  }
}
