package io.ddc.crypto;

import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * BLAKE3 compressions on SIMD lanes: {@link #LANES} whole chunks at once, one chunk per lane of the
 * platform's widest int vector (16 with AVX-512, 8 with AVX2), the way the reference C
 * implementation's {@code hash_many} does, and up to {@link #LANES} parent nodes of a subtree at
 * once. Each lane's block is loaded as contiguous vectors from a little-endian int copy of the
 * input and transposed in registers into the sixteen message words across the lanes (with 16 or 8
 * lanes; gathered on other widths); the state stays in vector registers for all seven rounds.
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is in the boot layer ({@code
 * --add-modules jdk.incubator.vector}); {@link Blake3} falls back to its scalar code otherwise. Not
 * thread-safe: one instance per thread ({@link #forThread()}), holding only scratch arrays.
 */
final class Blake3Simd {
  private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;

  /**
   * Whether message words are gathered on every width, as before the in-register transpose: system
   * property {@code ddc.blake3.gather=true}, read once. For comparing the two in benchmarks, and a
   * way around a JIT that mishandles two-vector selects on some platform (the digests are checked
   * against the scalar code before the kernel is used either way, {@link Blake3#prepareSimd()}).
   */
  static final boolean GATHER = Boolean.getBoolean("ddc.blake3.gather");

  /** Chunks (or parents) compressed per kernel call. */
  static final int LANES = SPECIES.length();

  private static final int CHUNK_WORDS = 256;

  /** Words of one parent's message: two chaining values. */
  private static final int PARENT_WORDS = 16;

  private static final ValueLayout.OfInt LE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final int CHUNK_START = 1;
  private static final int CHUNK_END = 2;
  private static final int PARENT = 4;
  private static final int BLOCK_LEN = 64;
  private static final int[] IV = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19
  };
  private static final ThreadLocal<Blake3Simd> PER_THREAD =
      ThreadLocal.withInitial(Blake3Simd::new);

  /** Lane l reads word w of block b of its chunk at {@code words[l * 256 + b * 16 + w]}. */
  private static final int[] CHUNK_STRIDE = new int[LANES];

  /** Parent l's message is the two chaining values at {@code cvs[l * 16 .. l * 16 + 15]}. */
  private static final int[] PARENT_STRIDE = new int[LANES];

  /** Lane l's 8 output words land at {@code out[l * 8 + i]}. */
  private static final int[] CV_STRIDE = new int[LANES];

  static {
    for (int l = 0; l < LANES; l++) {
      CHUNK_STRIDE[l] = l * CHUNK_WORDS;
      PARENT_STRIDE[l] = l * PARENT_WORDS;
      CV_STRIDE[l] = l * 8;
    }
  }

  private final int[] words = new int[LANES * CHUNK_WORDS];

  /** Chaining values in and out of {@link #compress}, word-major: word i of lane l at i*LANES+l. */
  private final int[] state = new int[8 * LANES];

  private final int[] counterLo = new int[LANES];
  private final int[] counterHi = new int[LANES];

  private Blake3Simd() {}

  static Blake3Simd forThread() {
    return PER_THREAD.get();
  }

  /**
   * Compresses the {@link #LANES} whole chunks at {@code src[offset ...]} (several chunks, so none
   * of them is the root: no ROOT flag), chunk i with counter {@code counter + i}, and writes chunk
   * i's chaining value to {@code out[outOffset + i * 8 ...]}, 8 words.
   */
  void chunks(MemorySegment src, long offset, long counter, int[] out, int outOffset) {
    MemorySegment.copy(src, LE_INT, offset, words, 0, words.length);
    chunks(counter, out, outOffset);
  }

  /** Like {@link #chunks(MemorySegment, long, long, int[], int)} from a byte array. */
  void chunks(byte[] src, int offset, long counter, int[] out, int outOffset) {
    chunks(MemorySegment.ofArray(src), offset, counter, out, outOffset);
  }

  private void chunks(long counter, int[] out, int outOffset) {
    for (int l = 0; l < LANES; l++) {
      long c = counter + l;
      counterLo[l] = (int) c;
      counterHi[l] = (int) (c >>> 32);
    }
    resetState();
    for (int b = 0; b < 16; b++) {
      compress(words, b * 16, CHUNK_WORDS, (b == 0 ? CHUNK_START : 0) | (b == 15 ? CHUNK_END : 0));
    }
    for (int i = 0; i < 8; i++) {
      IntVector.fromArray(SPECIES, state, i * LANES).intoArray(out, outOffset + i, CV_STRIDE, 0);
    }
  }

  /** Every lane's chaining state back to the IV. */
  private void resetState() {
    for (int i = 0; i < 8; i++) {
      java.util.Arrays.fill(state, i * LANES, (i + 1) * LANES, IV[i]);
    }
  }

  /**
   * Replaces the {@code 2 * pairs} chaining values at the start of {@code cvs} (8 words each) with
   * the {@code pairs} parent chaining values of consecutive pairs (no ROOT flag). {@code cvs} must
   * hold at least {@code 16 * max(pairs, LANES)} words.
   */
  void parents(int[] cvs, int pairs) {
    java.util.Arrays.fill(counterLo, 0);
    java.util.Arrays.fill(counterHi, 0);
    for (int p = 0; p < pairs; p += LANES) {
      resetState();
      // Lanes past the last pair compress words of other pairs; their outputs are not stored.
      compress(cvs, p * PARENT_WORDS, PARENT_WORDS, PARENT);
      VectorMask<Integer> live = SPECIES.indexInRange(0, pairs - p);
      for (int i = 0; i < 8; i++) {
        IntVector.fromArray(SPECIES, state, i * LANES)
            .intoArray(cvs, p * 8 + i, CV_STRIDE, 0, live);
      }
    }
  }

  /**
   * Index vectors of one transposition round: for rows i and i + k (i with bit k clear), {@code
   * LOk.selectFrom(row_i, row_i+k)} keeps row i's elements whose position p has bit k clear and
   * takes row i + k's element p − k where it is set; {@code HIk} gives the other half. The rounds k
   * = LANES/2 … 1 swap bit k of the row index with bit k of the position, which together is the
   * transpose of a LANES × LANES block.
   */
  private static IntVector roundIndex(int k, boolean hi) {
    int[] x = new int[LANES];
    for (int p = 0; p < LANES; p++) {
      if ((p & k) == 0) {
        x[p] = hi ? p + k : p;
      } else {
        x[p] = hi ? LANES + p : LANES + p - k;
      }
    }
    return IntVector.fromArray(SPECIES, x, 0);
  }

  private static final IntVector LO8 = LANES > 8 ? roundIndex(8, false) : null;
  private static final IntVector HI8 = LANES > 8 ? roundIndex(8, true) : null;
  private static final IntVector LO4 = LANES > 4 ? roundIndex(4, false) : null;
  private static final IntVector HI4 = LANES > 4 ? roundIndex(4, true) : null;
  private static final IntVector LO2 = LANES > 2 ? roundIndex(2, false) : null;
  private static final IntVector HI2 = LANES > 2 ? roundIndex(2, true) : null;
  private static final IntVector LO1 = roundIndex(1, false);
  private static final IntVector HI1 = roundIndex(1, true);

  /**
   * Where row {@code i} of a block starts: lane {@code i % LANES}, word {@code (i / LANES) *
   * LANES}.
   */
  private static int row(int base, int rowStride, int i) {
    return base + (i % LANES) * rowStride + (i / LANES) * LANES;
  }

  /**
   * One compression per lane of the chaining values in {@link #state} with the block whose 16 words
   * lane l finds at {@code msg[base + l * rowStride ...]} ({@link #CHUNK_WORDS} for chunks, {@link
   * #PARENT_WORDS} for parents); counters from {@link #counterLo} and {@link #counterHi}. With 16
   * lanes the block rows are 16 vectors transposed in four rounds of two-vector selects, with 8
   * lanes two 8 × 8 halves in the last three of those rounds: 64 or 48 register permutations
   * instead of 16 gathers, which load one word per lane each (decision 0018: 1.55× the 1 MiB
   * throughput with 16 lanes; with 8, 1.29× where AVX-512VL's permutes exist and a tie on AVX2
   * alone).
   */
  private void compress(int[] msg, int base, int rowStride, int flags) {
    IntVector m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15;
    if ((LANES == 16 || LANES == 8) && !GATHER) {
      // Row i: LANES words of lane i % LANES, from word (i / LANES) * LANES of its block.
      IntVector r0 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 0));
      IntVector r1 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 1));
      IntVector r2 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 2));
      IntVector r3 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 3));
      IntVector r4 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 4));
      IntVector r5 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 5));
      IntVector r6 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 6));
      IntVector r7 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 7));
      IntVector r8 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 8));
      IntVector r9 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 9));
      IntVector r10 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 10));
      IntVector r11 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 11));
      IntVector r12 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 12));
      IntVector r13 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 13));
      IntVector r14 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 14));
      IntVector r15 = IntVector.fromArray(SPECIES, msg, row(base, rowStride, 15));
      IntVector t;
      if (LANES == 16) {
        t = LO8.selectFrom(r0, r8);
        r8 = HI8.selectFrom(r0, r8);
        r0 = t;
        t = LO8.selectFrom(r1, r9);
        r9 = HI8.selectFrom(r1, r9);
        r1 = t;
        t = LO8.selectFrom(r2, r10);
        r10 = HI8.selectFrom(r2, r10);
        r2 = t;
        t = LO8.selectFrom(r3, r11);
        r11 = HI8.selectFrom(r3, r11);
        r3 = t;
        t = LO8.selectFrom(r4, r12);
        r12 = HI8.selectFrom(r4, r12);
        r4 = t;
        t = LO8.selectFrom(r5, r13);
        r13 = HI8.selectFrom(r5, r13);
        r5 = t;
        t = LO8.selectFrom(r6, r14);
        r14 = HI8.selectFrom(r6, r14);
        r6 = t;
        t = LO8.selectFrom(r7, r15);
        r15 = HI8.selectFrom(r7, r15);
        r7 = t;
      }
      t = LO4.selectFrom(r0, r4);
      r4 = HI4.selectFrom(r0, r4);
      r0 = t;
      t = LO4.selectFrom(r1, r5);
      r5 = HI4.selectFrom(r1, r5);
      r1 = t;
      t = LO4.selectFrom(r2, r6);
      r6 = HI4.selectFrom(r2, r6);
      r2 = t;
      t = LO4.selectFrom(r3, r7);
      r7 = HI4.selectFrom(r3, r7);
      r3 = t;
      t = LO4.selectFrom(r8, r12);
      r12 = HI4.selectFrom(r8, r12);
      r8 = t;
      t = LO4.selectFrom(r9, r13);
      r13 = HI4.selectFrom(r9, r13);
      r9 = t;
      t = LO4.selectFrom(r10, r14);
      r14 = HI4.selectFrom(r10, r14);
      r10 = t;
      t = LO4.selectFrom(r11, r15);
      r15 = HI4.selectFrom(r11, r15);
      r11 = t;
      t = LO2.selectFrom(r0, r2);
      r2 = HI2.selectFrom(r0, r2);
      r0 = t;
      t = LO2.selectFrom(r1, r3);
      r3 = HI2.selectFrom(r1, r3);
      r1 = t;
      t = LO2.selectFrom(r4, r6);
      r6 = HI2.selectFrom(r4, r6);
      r4 = t;
      t = LO2.selectFrom(r5, r7);
      r7 = HI2.selectFrom(r5, r7);
      r5 = t;
      t = LO2.selectFrom(r8, r10);
      r10 = HI2.selectFrom(r8, r10);
      r8 = t;
      t = LO2.selectFrom(r9, r11);
      r11 = HI2.selectFrom(r9, r11);
      r9 = t;
      t = LO2.selectFrom(r12, r14);
      r14 = HI2.selectFrom(r12, r14);
      r12 = t;
      t = LO2.selectFrom(r13, r15);
      r15 = HI2.selectFrom(r13, r15);
      r13 = t;
      t = LO1.selectFrom(r0, r1);
      r1 = HI1.selectFrom(r0, r1);
      r0 = t;
      t = LO1.selectFrom(r2, r3);
      r3 = HI1.selectFrom(r2, r3);
      r2 = t;
      t = LO1.selectFrom(r4, r5);
      r5 = HI1.selectFrom(r4, r5);
      r4 = t;
      t = LO1.selectFrom(r6, r7);
      r7 = HI1.selectFrom(r6, r7);
      r6 = t;
      t = LO1.selectFrom(r8, r9);
      r9 = HI1.selectFrom(r8, r9);
      r8 = t;
      t = LO1.selectFrom(r10, r11);
      r11 = HI1.selectFrom(r10, r11);
      r10 = t;
      t = LO1.selectFrom(r12, r13);
      r13 = HI1.selectFrom(r12, r13);
      r12 = t;
      t = LO1.selectFrom(r14, r15);
      r15 = HI1.selectFrom(r14, r15);
      r14 = t;
      m0 = r0;
      m1 = r1;
      m2 = r2;
      m3 = r3;
      m4 = r4;
      m5 = r5;
      m6 = r6;
      m7 = r7;
      m8 = r8;
      m9 = r9;
      m10 = r10;
      m11 = r11;
      m12 = r12;
      m13 = r13;
      m14 = r14;
      m15 = r15;
    } else {
      int[] stride = rowStride == CHUNK_WORDS ? CHUNK_STRIDE : PARENT_STRIDE;
      m0 = IntVector.fromArray(SPECIES, msg, base, stride, 0);
      m1 = IntVector.fromArray(SPECIES, msg, base + 1, stride, 0);
      m2 = IntVector.fromArray(SPECIES, msg, base + 2, stride, 0);
      m3 = IntVector.fromArray(SPECIES, msg, base + 3, stride, 0);
      m4 = IntVector.fromArray(SPECIES, msg, base + 4, stride, 0);
      m5 = IntVector.fromArray(SPECIES, msg, base + 5, stride, 0);
      m6 = IntVector.fromArray(SPECIES, msg, base + 6, stride, 0);
      m7 = IntVector.fromArray(SPECIES, msg, base + 7, stride, 0);
      m8 = IntVector.fromArray(SPECIES, msg, base + 8, stride, 0);
      m9 = IntVector.fromArray(SPECIES, msg, base + 9, stride, 0);
      m10 = IntVector.fromArray(SPECIES, msg, base + 10, stride, 0);
      m11 = IntVector.fromArray(SPECIES, msg, base + 11, stride, 0);
      m12 = IntVector.fromArray(SPECIES, msg, base + 12, stride, 0);
      m13 = IntVector.fromArray(SPECIES, msg, base + 13, stride, 0);
      m14 = IntVector.fromArray(SPECIES, msg, base + 14, stride, 0);
      m15 = IntVector.fromArray(SPECIES, msg, base + 15, stride, 0);
    }
    int[] h = state;
    IntVector v0 = IntVector.fromArray(SPECIES, h, 0);
    IntVector v1 = IntVector.fromArray(SPECIES, h, LANES);
    IntVector v2 = IntVector.fromArray(SPECIES, h, 2 * LANES);
    IntVector v3 = IntVector.fromArray(SPECIES, h, 3 * LANES);
    IntVector v4 = IntVector.fromArray(SPECIES, h, 4 * LANES);
    IntVector v5 = IntVector.fromArray(SPECIES, h, 5 * LANES);
    IntVector v6 = IntVector.fromArray(SPECIES, h, 6 * LANES);
    IntVector v7 = IntVector.fromArray(SPECIES, h, 7 * LANES);
    IntVector v8 = IntVector.broadcast(SPECIES, IV[0]);
    IntVector v9 = IntVector.broadcast(SPECIES, IV[1]);
    IntVector v10 = IntVector.broadcast(SPECIES, IV[2]);
    IntVector v11 = IntVector.broadcast(SPECIES, IV[3]);
    IntVector v12 = IntVector.fromArray(SPECIES, counterLo, 0);
    IntVector v13 = IntVector.fromArray(SPECIES, counterHi, 0);
    IntVector v14 = IntVector.broadcast(SPECIES, BLOCK_LEN);
    IntVector v15 = IntVector.broadcast(SPECIES, flags);
    for (int r = 0; ; r++) {
      v0 = v0.add(v4).add(m0);
      v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
      v8 = v8.add(v12);
      v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
      v0 = v0.add(v4).add(m1);
      v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
      v8 = v8.add(v12);
      v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
      v1 = v1.add(v5).add(m2);
      v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
      v9 = v9.add(v13);
      v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
      v1 = v1.add(v5).add(m3);
      v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
      v9 = v9.add(v13);
      v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
      v2 = v2.add(v6).add(m4);
      v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
      v10 = v10.add(v14);
      v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
      v2 = v2.add(v6).add(m5);
      v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
      v10 = v10.add(v14);
      v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
      v3 = v3.add(v7).add(m6);
      v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
      v11 = v11.add(v15);
      v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
      v3 = v3.add(v7).add(m7);
      v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
      v11 = v11.add(v15);
      v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
      v0 = v0.add(v5).add(m8);
      v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
      v10 = v10.add(v15);
      v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
      v0 = v0.add(v5).add(m9);
      v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
      v10 = v10.add(v15);
      v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
      v1 = v1.add(v6).add(m10);
      v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
      v11 = v11.add(v12);
      v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
      v1 = v1.add(v6).add(m11);
      v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
      v11 = v11.add(v12);
      v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
      v2 = v2.add(v7).add(m12);
      v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
      v8 = v8.add(v13);
      v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
      v2 = v2.add(v7).add(m13);
      v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
      v8 = v8.add(v13);
      v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
      v3 = v3.add(v4).add(m14);
      v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
      v9 = v9.add(v14);
      v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
      v3 = v3.add(v4).add(m15);
      v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
      v9 = v9.add(v14);
      v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
      if (r == 6) {
        break;
      }
      IntVector t0 = m2, t1 = m6, t2 = m3, t3 = m10, t4 = m7, t5 = m0, t6 = m4, t7 = m13;
      IntVector t8 = m1, t9 = m11, t10 = m12, t11 = m5, t12 = m9, t13 = m14, t14 = m15, t15 = m8;
      m0 = t0;
      m1 = t1;
      m2 = t2;
      m3 = t3;
      m4 = t4;
      m5 = t5;
      m6 = t6;
      m7 = t7;
      m8 = t8;
      m9 = t9;
      m10 = t10;
      m11 = t11;
      m12 = t12;
      m13 = t13;
      m14 = t14;
      m15 = t15;
    }
    v0.lanewise(XOR, v8).intoArray(h, 0);
    v1.lanewise(XOR, v9).intoArray(h, LANES);
    v2.lanewise(XOR, v10).intoArray(h, 2 * LANES);
    v3.lanewise(XOR, v11).intoArray(h, 3 * LANES);
    v4.lanewise(XOR, v12).intoArray(h, 4 * LANES);
    v5.lanewise(XOR, v13).intoArray(h, 5 * LANES);
    v6.lanewise(XOR, v14).intoArray(h, 6 * LANES);
    v7.lanewise(XOR, v15).intoArray(h, 7 * LANES);
  }
}
