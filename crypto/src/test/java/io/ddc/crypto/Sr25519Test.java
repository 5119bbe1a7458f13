package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sr25519Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] ALICE =
      HEX.parseHex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  private static final byte[] RAW = HEX.parseHex("120f180020012a0202013080d095ffbc31");
  private static final byte[] WRAPPED =
      HEX.parseHex("3c42797465733e120f180020012a0202013080d095ffbc313c2f42797465733e");
  private static final byte[] SIG_RAW =
      HEX.parseHex(
          "e8be024a42b418b835e2e5ce6df16db7404eda8df7125428b202369a8bd88940"
              + "34bc0810859e6b83b7212b5afe357b1da27dd3629a204d86fdb649c45b007388");
  private static final byte[] SIG_WRAPPED =
      HEX.parseHex(
          "7ae969e4ff37a705ceb3b64773b5342d3dd3fd250da26ef9a31c2b613f130143"
              + "c121ccdde8e2836a6127ef2e709182449869b9e247367739963e953145bc058c");

  @Test
  void devAndRootKeysMatchTheGoldenVectors() {
    // node-protocol.md [K]
    assertThat(Keys.fromUri("//Alice", KeyScheme.SR25519).publicKey()).isEqualTo(ALICE);
    assertThat(
            HEX.formatHex(
                Keys.fromUri(
                        "hybrid label reunion only dawn maze asset draft cousin height flock nation",
                        KeyScheme.SR25519)
                    .publicKey()))
        .isEqualTo("2c1a7cdeff55c046bc85c3a969c372ef85290c122a9c5636b3232740c3a38245");
    // well-known Substrate dev accounts
    assertThat(HEX.formatHex(Keys.fromUri("//Bob", KeyScheme.SR25519).publicKey()))
        .isEqualTo("8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48");
    assertThat(HEX.formatHex(Keys.fromUri("//Alice//stash", KeyScheme.SR25519).publicKey()))
        .isEqualTo("be5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f");
  }

  @Test
  void goldenSignaturesVerifyRawAndWrapped() {
    // node-protocol.md [8]
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, SIG_RAW)).isTrue();
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, WRAPPED, SIG_WRAPPED)).isTrue();
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, SIG_WRAPPED)).isFalse();
    assertThat(Signatures.verifyRawOrWrapped(KeyScheme.SR25519, ALICE, RAW, SIG_WRAPPED)).isTrue();
    assertThat(Signatures.verifyRawOrWrapped(KeyScheme.SR25519, ALICE, RAW, SIG_RAW)).isTrue();
  }

  @Test
  void markerBitAndFlippedBitsAreRejected() {
    byte[] unmarked = SIG_RAW.clone();
    unmarked[63] &= 0x7F;
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, unmarked)).isFalse();
    for (int bit = 0; bit < 512; bit += 7) {
      byte[] bad = SIG_RAW.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, bad)).as("bit %d", bit).isFalse();
    }
    byte[] msg = RAW.clone();
    msg[3] ^= 1;
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, msg, SIG_RAW)).isFalse();
  }

  @Test
  void nonCanonicalScalarsAreRejected() {
    // s + l encodes the same scalar mod l, but schnorrkel requires s < l
    byte[] sBytes = java.util.Arrays.copyOfRange(SIG_RAW, 32, 64);
    sBytes[31] &= 0x7F;
    java.math.BigInteger s = Scalar25519.fromLittleEndian(sBytes).add(Scalar25519.L);
    assertThat(s.bitLength()).isLessThanOrEqualTo(255);
    byte[] forged = SIG_RAW.clone();
    System.arraycopy(Scalar25519.toBytes(s), 0, forged, 32, 32);
    forged[63] |= (byte) 0x80;
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, forged)).isFalse();
    assertThat(KeyScheme.ofSignatureTypeIndex(1)).isEqualTo(KeyScheme.SR25519);
    assertThat(KeyScheme.ED25519.signatureTypeIndex()).isZero();
  }

  @Test
  void signaturesAreRandomizedAndCarryTheMarker() {
    KeyPair alice = Keys.fromUri("//Alice", KeyScheme.SR25519);
    byte[] a = alice.sign(RAW);
    byte[] b = alice.sign(RAW);
    assertThat(a).isNotEqualTo(b);
    assertThat(a[63] & 0x80).isNotZero();
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, a)).isTrue();
    assertThat(Signatures.verify(KeyScheme.SR25519, ALICE, RAW, b)).isTrue();
  }

  @Test
  void concurrentSigningAndVerificationShareNoState() throws Exception {
    KeyPair alice = Keys.fromUri("//Alice", KeyScheme.SR25519);
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  KeyPair own = Keys.fromUri("//Thread" + seed, KeyScheme.SR25519);
                  for (int i = 0; i < 25; i++) {
                    byte[] msg = {(byte) seed, (byte) i};
                    if (!Signatures.verify(KeyScheme.SR25519, own.publicKey(), msg, own.sign(msg))
                        || !Signatures.verify(KeyScheme.SR25519, ALICE, RAW, SIG_RAW)
                        || Signatures.verify(KeyScheme.SR25519, ALICE, msg, alice.sign(RAW))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (var r : results) {
        assertThat(r.get()).isTrue();
      }
    }
  }

  @Test
  void softAndHardDerivationsCompose() {
    KeyPair soft = Keys.fromUri("//Alice/soft", KeyScheme.SR25519);
    KeyPair mixed = Keys.fromUri("//Alice/soft//hard/1", KeyScheme.SR25519);
    assertThat(soft.publicKey()).isNotEqualTo(ALICE);
    byte[] sig = mixed.sign(RAW);
    assertThat(Signatures.verify(KeyScheme.SR25519, mixed.publicKey(), RAW, sig)).isTrue();
    byte[] sig2 = soft.sign(RAW);
    assertThat(Signatures.verify(KeyScheme.SR25519, soft.publicKey(), RAW, sig2)).isTrue();
  }
}
