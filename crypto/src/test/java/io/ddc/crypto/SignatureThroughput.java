package io.ddc.crypto;

/**
 * One-line sign/verify rates of sr25519 against BouncyCastle ed25519 in the same JVM (not a JMH
 * benchmark; a quick check). Run: {@code mvn -o -q -pl crypto test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.ddc.crypto.SignatureThroughput}
 */
public final class SignatureThroughput {
  private SignatureThroughput() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    byte[] msg = new byte[64];
    for (KeyScheme s : KeyScheme.values()) {
      KeyPair k = Keys.fromUri("//Alice", s);
      byte[] pub = k.publicKey();
      byte[] sig = k.sign(msg);
      rate(s + " verify", seconds, () -> Signatures.verify(s, pub, msg, sig));
      rate(s + " sign", seconds, () -> k.sign(msg));
    }
  }

  private static void rate(String name, double seconds, Runnable op) {
    for (int i = 0; i < 2000; i++) {
      op.run();
    }
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    double rate = n / ((System.nanoTime() - start) / 1e9);
    System.out.printf("%-16s %,10.0f ops/s%n", name, rate);
  }
}
