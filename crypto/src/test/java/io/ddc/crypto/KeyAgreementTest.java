package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

class KeyAgreementTest {
  private static final HexFormat HEX = HexFormat.of();

  /** libsodium's ed25519_convert test: the seed and the X25519 keys it converts to. */
  @Test
  void convertsTheLibsodiumVector() {
    byte[] seed = HEX.parseHex("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee");
    KeyPair key = Keys.fromSeed(seed, KeyScheme.ED25519);
    assertThat(HEX.formatHex(KeyAgreement.montgomeryU(key.publicKey())))
        .isEqualTo("f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50");
    byte[] scalar = KeyAgreement.scalar(seed.clone());
    scalar[0] &= (byte) 0xf8; // libsodium returns the clamped scalar
    scalar[31] &= 0x7f;
    scalar[31] |= 0x40;
    assertThat(HEX.formatHex(scalar))
        .isEqualTo("8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166");
  }

  @Property(tries = 50)
  void bothEndsDeriveTheSameSecret(@ForAll @Size(32) byte[] seedA, @ForAll @Size(32) byte[] seedB) {
    KeyPair a = Keys.fromSeed(seedA, KeyScheme.ED25519);
    KeyPair b = Keys.fromSeed(seedB, KeyScheme.ED25519);
    byte[] ab = KeyAgreement.shared(a, b.publicKey());
    assertThat(ab).hasSize(32).isEqualTo(KeyAgreement.shared(b, a.publicKey()));
    // the converted public key is the X25519 public key of the converted secret scalar
    byte[] base = new byte[32];
    X25519.scalarMultBase(KeyAgreement.scalar(seedA.clone()), 0, base, 0);
    assertThat(KeyAgreement.montgomeryU(a.publicKey())).isEqualTo(base);
  }

  @Test
  void aThirdKeyDerivesAnotherSecret() {
    KeyPair a = Keys.fromUri("//Alice", KeyScheme.ED25519);
    KeyPair b = Keys.fromUri("//Bob", KeyScheme.ED25519);
    KeyPair c = Keys.fromUri("//Charlie", KeyScheme.ED25519);
    assertThat(KeyAgreement.shared(a, b.publicKey()))
        .isNotEqualTo(KeyAgreement.shared(a, c.publicKey()))
        .isNotEqualTo(KeyAgreement.shared(c, b.publicKey()));
  }

  @Test
  void refusesSmallOrderAndMalformedPeerKeysAndNonEd25519Keys() {
    KeyPair a = Keys.fromUri("//Alice", KeyScheme.ED25519);
    byte[] identity = new byte[32];
    identity[0] = 1; // y = 1: the neutral point, order 1
    assertThatThrownBy(() -> KeyAgreement.shared(a, identity))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] orderTwo = new byte[32];
    orderTwo[0] = (byte) 0xec; // y = p - 1: the point (0, -1), order 2
    for (int i = 1; i < 31; i++) {
      orderTwo[i] = (byte) 0xff;
    }
    orderTwo[31] = 0x7f;
    assertThatThrownBy(() -> KeyAgreement.shared(a, orderTwo))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyAgreement.shared(a, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    KeyPair sr = Keys.fromUri("//Alice", KeyScheme.SR25519);
    assertThatThrownBy(() -> KeyAgreement.shared(sr, a.publicKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ed25519");
  }
}
