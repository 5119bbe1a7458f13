package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Sign/verify properties shared by both schemes. */
class SignaturePropertiesTest {

  @Property(tries = 80)
  void signVerifyRoundTripAndAnyBitFlipFails(
      @ForAll KeyScheme scheme,
      @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 200) byte[] message,
      @ForAll @IntRange(min = 0, max = 1023) int bit) {
    KeyPair k = Keys.fromSeed(seed, scheme);
    byte[] sig = k.sign(message);
    assertThat(Signatures.verify(scheme, k.publicKey(), message, sig)).isTrue();
    assertThat(k.verify(message, sig)).isTrue();
    byte[] badSig = sig.clone();
    badSig[bit / 8 % 64] ^= (byte) (1 << (bit % 8));
    assertThat(Signatures.verify(scheme, k.publicKey(), message, badSig)).isFalse();
    byte[] badKey = k.publicKey();
    badKey[bit / 8 % 32] ^= (byte) (1 << (bit % 8));
    assertThat(Signatures.verify(scheme, badKey, message, sig)).isFalse();
    if (message.length > 0) {
      byte[] badMsg = message.clone();
      badMsg[bit / 8 % message.length] ^= (byte) (1 << (bit % 8));
      assertThat(Signatures.verify(scheme, k.publicKey(), badMsg, sig)).isFalse();
    }
    KeyScheme other = scheme == KeyScheme.SR25519 ? KeyScheme.ED25519 : KeyScheme.SR25519;
    assertThat(Signatures.verify(other, k.publicKey(), message, sig)).isFalse();
  }

  @Property(tries = 300)
  void malformedInputsReturnFalseNeverThrow(
      @ForAll KeyScheme scheme,
      @ForAll @Size(max = 70) byte[] pub,
      @ForAll @Size(max = 70) byte[] message,
      @ForAll @Size(max = 70) byte[] sig) {
    assertThat(Signatures.verifyRawOrWrapped(scheme, pub, message, sig)).isFalse();
  }
}
