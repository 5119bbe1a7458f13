package io.ddc.crypto;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What a range proof costs and saves, against the baseline of hashing the whole piece with
 * BouncyCastle's BLAKE3 ({@link Hashing#blake3_256}), in the same JVM, per process CPU time (the
 * build machine is shared). For a 64 MiB piece and a 4 KiB range: proving (the node hashes every
 * chunk outside the range) and verifying (the validator hashes the covered chunks and the proof).
 * Medians of the rounds are printed. Not a JMH benchmark, a quick check. Run: {@code java -cp
 * crypto/target/classes:crypto/target/test-classes:<bcprov jar>
 * io.ddc.crypto.Blake3RangeProofThroughput [rounds]}
 */
public final class Blake3RangeProofThroughput {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Blake3RangeProofThroughput() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int size = 64 << 20;
    long offset = 33_000_000;
    long length = 4096;
    byte[] content = new byte[size];
    new Random(1).nextBytes(content);
    Blake3RangeProof.Reader reader = (o, l) -> Arrays.copyOfRange(content, (int) o, (int) o + l);
    byte[] digest = Hashing.blake3_256(content);
    Blake3RangeProof.Covered c = Blake3RangeProof.covered(size, offset, length);
    byte[] data = reader.read(c.start(), (int) c.length());
    List<byte[]> proof = Blake3RangeProof.prove(reader, size, offset, length);
    double[] hash = new double[rounds];
    double[] prove = new double[rounds];
    double[] verify = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      hash[r] = cpuSeconds(() -> Hashing.blake3_256(content), 1);
      prove[r] = cpuSeconds(() -> Blake3RangeProof.prove(reader, size, offset, length), 1);
      verify[r] =
          cpuSeconds(
              () -> {
                if (!Blake3RangeProof.verify(digest, size, c.start(), data, proof)) {
                  throw new AssertionError("proof does not verify");
                }
              },
              1000);
    }
    double h = median(hash);
    double p = median(prove);
    double v = median(verify);
    System.out.printf(
        "64 MiB piece, 4 KiB range, %d proof CVs, medians of %d rounds (CPU time):%n"
            + "  whole-piece BLAKE3 (BouncyCastle, baseline) %.1f ms%n"
            + "  prove  %.1f ms = %.2fx the baseline%n"
            + "  verify %.1f us = baseline / %.0f%n",
        proof.size(), rounds, h * 1e3, p * 1e3, p / h, v * 1e6, h / v);
  }

  private static double cpuSeconds(Runnable op, int times) {
    long t0 = OS.getProcessCpuTime();
    for (int i = 0; i < times; i++) {
      op.run();
    }
    return (OS.getProcessCpuTime() - t0) / 1e9 / times;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
