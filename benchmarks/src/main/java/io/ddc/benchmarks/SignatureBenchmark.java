package io.ddc.benchmarks;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Signatures;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * sr25519 (ours) against ed25519 (BouncyCastle) in one run: signing and verifying a 128-byte
 * message, the size of an activity request. The goal: sr25519 verify ≥ 0.5× ed25519 verify.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark {
  @Param({"SR25519", "ED25519"})
  public String scheme;

  private KeyPair key;
  private byte[] publicKey;
  private final byte[][] messages = new byte[64][];
  private final byte[][] signatures = new byte[64][];
  private int next;

  @Setup
  public void setUp() {
    KeyScheme s = KeyScheme.valueOf(scheme);
    key = Keys.fromUri("//Alice", s);
    publicKey = key.publicKey();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < messages.length; i++) {
      messages[i] = new byte[128];
      for (int j = 0; j < 128; j++) {
        messages[i][j] = (byte) r.nextInt();
      }
      signatures[i] = key.sign(messages[i]);
    }
  }

  @Benchmark
  public byte[] sign() {
    return key.sign(messages[next++ & 63]);
  }

  @Benchmark
  public boolean verify() {
    int i = next++ & 63;
    boolean ok = Signatures.verify(key.scheme(), publicKey, messages[i], signatures[i]);
    if (!ok) {
      throw new IllegalStateException("a valid signature failed to verify");
    }
    return ok;
  }
}
