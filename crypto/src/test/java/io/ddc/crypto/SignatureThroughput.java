package io.ddc.crypto;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Sign/verify rates of sr25519 against BouncyCastle ed25519 in the same JVM, per second of the
 * process's CPU time, garbage collection included (the build machine is shared, so wall-clock rates
 * swing with other load). Rounds of 0.2 s alternate the operations; medians are printed, and the
 * verify ratio is the median over adjacent sr25519/ed25519 pairs, which see similar load. Not a JMH
 * benchmark, a quick check. Run: {@code java -cp
 * crypto/target/classes:crypto/target/test-classes:<bcprov jar> io.ddc.crypto.SignatureThroughput
 * [rounds]}
 */
public final class SignatureThroughput {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private SignatureThroughput() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    byte[] msg = new byte[64];
    KeyPair sr = Keys.fromUri("//Alice", KeyScheme.SR25519);
    KeyPair ed = Keys.fromUri("//Alice", KeyScheme.ED25519);
    byte[] srPub = sr.publicKey();
    byte[] edPub = ed.publicKey();
    byte[] srSig = sr.sign(msg);
    byte[] edSig = ed.sign(msg);
    Runnable[] ops = {
      () -> Signatures.verify(KeyScheme.SR25519, srPub, msg, srSig),
      () -> sr.sign(msg),
      () -> Signatures.verify(KeyScheme.ED25519, edPub, msg, edSig),
      () -> ed.sign(msg)
    };
    String[] names = {"sr25519 verify", "sr25519 sign", "ed25519 verify", "ed25519 sign"};
    double[][] rates = new double[ops.length][rounds];
    double[] ratios = new double[rounds];
    for (Runnable op : ops) {
      rate(op, 0.5);
    }
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < ops.length; i++) {
        rates[i][r] = rate(ops[i], 0.2);
      }
      ratios[r] = rates[0][r] / rates[2][r];
    }
    for (int i = 0; i < ops.length; i++) {
      System.out.printf("%-15s %,8.0f ops per CPU-second%n", names[i], median(rates[i]));
    }
    System.out.printf(
        "sr25519 verify / ed25519 verify = %.2f (median of %d adjacent pairs)%n",
        median(ratios), rounds);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /** Operations per second of process CPU time, over about {@code cpuSeconds}. */
  private static double rate(Runnable op, double cpuSeconds) {
    long start = OS.getProcessCpuTime();
    long end = start + (long) (cpuSeconds * 1e9);
    long n = 0;
    long now;
    do {
      op.run();
      n++;
      now = OS.getProcessCpuTime();
    } while (now < end);
    return n / ((now - start) / 1e9);
  }
}
