package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private static final byte[] KEY = new byte[32];
  private static final byte[] SIG = new byte[64];

  /** An inner verifier that accepts a message whose first byte is 1, counting its calls. */
  private static Authorizer.SignatureVerifier counting(AtomicInteger calls) {
    return (alg, key, message, signature) -> {
      calls.incrementAndGet();
      return message.length > 0 && message[0] == 1;
    };
  }

  @Test
  void aVerifiedSignatureIsRememberedAndOnlyTheIdenticalQuadrupleHits() {
    AtomicInteger calls = new AtomicInteger();
    Authorizer.SignatureVerifier v = Authorizer.remembering(counting(calls), 100);
    byte[] good = {1, 2, 3};
    assertThat(v.verify(0, KEY, good, SIG)).isTrue();
    assertThat(v.verify(0, KEY, good.clone(), SIG.clone())).isTrue();
    assertThat(calls).hasValue(1);
    // Any difference in algorithm, key, message or signature asks the inner verifier again.
    assertThat(v.verify(1, KEY, good, SIG)).isTrue();
    byte[] otherKey = KEY.clone();
    otherKey[31] = 9;
    assertThat(v.verify(0, otherKey, good, SIG)).isTrue();
    byte[] otherSig = SIG.clone();
    otherSig[0] = 7;
    assertThat(v.verify(0, KEY, good, otherSig)).isTrue();
    assertThat(v.verify(0, KEY, new byte[] {1, 2, 4}, SIG)).isTrue();
    assertThat(calls).hasValue(5);
  }

  @Test
  void failuresAreNeverRemembered() {
    AtomicInteger calls = new AtomicInteger();
    Authorizer.SignatureVerifier v = Authorizer.remembering(counting(calls), 100);
    byte[] bad = {0, 2, 3};
    assertThat(v.verify(0, KEY, bad, SIG)).isFalse();
    assertThat(v.verify(0, KEY, bad, SIG)).isFalse();
    assertThat(calls).hasValue(2);
  }

  @Test
  void memoryIsBounded() {
    AtomicInteger calls = new AtomicInteger();
    Authorizer.SignatureVerifier v = Authorizer.remembering(counting(calls), 3);
    for (int i = 0; i < 10; i++) {
      assertThat(v.verify(0, KEY, new byte[] {1, (byte) i}, SIG)).isTrue();
    }
    assertThat(calls).hasValue(10);
    // The first ones were dropped when the memory filled: asked again.
    assertThat(v.verify(0, KEY, new byte[] {1, 0}, SIG)).isTrue();
    assertThat(calls).hasValue(11);
  }
}
