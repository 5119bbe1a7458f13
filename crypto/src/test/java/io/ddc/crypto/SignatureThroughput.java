package io.ddc.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Sign/verify rates of sr25519 against BouncyCastle ed25519 in the same JVM, per second of this
 * thread's CPU time (the build machine is shared, so wall-clock rates swing with other load).
 * Rounds alternate the operations; the median of each is printed with the sr25519/ed25519 verify
 * ratio. Not a JMH benchmark, a quick check. Run: {@code java -cp
 * crypto/target/classes:crypto/target/test-classes:<bcprov jar> io.ddc.crypto.SignatureThroughput
 * [rounds]}
 */
public final class SignatureThroughput {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SignatureThroughput() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
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
    for (Runnable op : ops) {
      rate(op, 0.5);
    }
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < ops.length; i++) {
        rates[i][r] = rate(ops[i], 0.5);
      }
    }
    double[] median = new double[ops.length];
    for (int i = 0; i < ops.length; i++) {
      Arrays.sort(rates[i]);
      median[i] = rates[i][rounds / 2];
      System.out.printf("%-15s %,8.0f ops per CPU-second%n", names[i], median[i]);
    }
    System.out.printf("sr25519 verify / ed25519 verify = %.2f%n", median[0] / median[2]);
  }

  /** Operations per second of this thread's CPU time, over about {@code cpuSeconds}. */
  private static double rate(Runnable op, double cpuSeconds) {
    long start = THREADS.getCurrentThreadCpuTime();
    long end = start + (long) (cpuSeconds * 1e9);
    long n = 0;
    long now;
    do {
      op.run();
      n++;
      now = THREADS.getCurrentThreadCpuTime();
    } while (now < end);
    return n / ((now - start) / 1e9);
  }
}
