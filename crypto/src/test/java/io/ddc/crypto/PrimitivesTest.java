package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class PrimitivesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger P = Field25519.P;

  @Test
  void merlinSelfTestVector() {
    // node-protocol.md [M] (merlin's own test)
    Transcript t = new Transcript("test protocol");
    t.append("some label", Transcript.ascii("some data"));
    assertThat(HEX.formatHex(t.challenge("challenge", 32)))
        .isEqualTo("d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
  }

  @Test
  void ristrettoBasepointEncoding() {
    assertThat(HEX.formatHex(Ristretto255.encode(Ristretto255.BASE)))
        .isEqualTo("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
    assertThat(HEX.formatHex(Ristretto255.encode(Ristretto255.IDENTITY)))
        .isEqualTo("00".repeat(32));
  }

  @Test
  void ristrettoSmallMultiplesOfTheBasepoint() {
    // RFC 9496 A.1: encodings of 2B and 3B
    Ristretto255.Point b2 = Ristretto255.sum(Ristretto255.BASE, Ristretto255.BASE);
    assertThat(HEX.formatHex(Ristretto255.encode(b2)))
        .isEqualTo("6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919");
    assertThat(HEX.formatHex(Ristretto255.encode(Ristretto255.dbl(Ristretto255.BASE))))
        .isEqualTo("6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919");
    assertThat(
            HEX.formatHex(
                Ristretto255.encode(
                    Ristretto255.mulBase(Scalar25519.toBytes(BigInteger.valueOf(3))))))
        .isEqualTo("94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259");
    Ristretto255.Point decoded = Ristretto255.decode(Ristretto255.encode(b2));
    assertThat(Ristretto255.encode(decoded)).isEqualTo(Ristretto255.encode(b2));
  }

  @Test
  void ristrettoRejectsBadEncodings() {
    // RFC 9496 A.2: non-canonical field encoding, negative field element, non-square x^2
    for (String bad :
        new String[] {
          "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
          "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371"
        }) {
      assertThat(Ristretto255.decode(HEX.parseHex(bad))).as(bad).isNull();
    }
  }

  @Test
  void fieldConstantsAreRight() {
    // i^2 = -1, and INVSQRT_A_MINUS_D^2 · (-1 - d) = 1
    long[] m1 = Field25519.neg(Field25519.ONE);
    assertThat(Field25519.equal(Field25519.square(Ristretto255.SQRT_M1), m1)).isEqualTo(1);
    long[] aMinusD = Field25519.sub(m1, Ristretto255.D);
    long[] check = Field25519.mul(Field25519.square(Ristretto255.INVSQRT_A_MINUS_D), aMinusD);
    assertThat(Field25519.equal(check, Field25519.ONE)).isEqualTo(1);
  }

  @Property(tries = 300)
  void fieldOperationsAgreeWithBigInteger(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    long[] fa = Field25519.fromBytes(a);
    long[] fb = Field25519.fromBytes(b);
    BigInteger ba = value(a);
    BigInteger bb = value(b);
    assertThat(value(Field25519.toBytes(Field25519.mul(fa, fb)))).isEqualTo(ba.multiply(bb).mod(P));
    assertThat(value(Field25519.toBytes(Field25519.add(fa, fb)))).isEqualTo(ba.add(bb).mod(P));
    assertThat(value(Field25519.toBytes(Field25519.sub(fa, fb)))).isEqualTo(ba.subtract(bb).mod(P));
    BigInteger exponent = BigInteger.ONE.shiftLeft(252).subtract(BigInteger.valueOf(3));
    assertThat(value(Field25519.toBytes(Field25519.pow22523(fa))))
        .isEqualTo(ba.modPow(exponent, P));
  }

  @Property(tries = 200)
  void equalityAndSignFollowTheCanonicalValue(
      @ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    long[] fa = Field25519.fromBytes(a);
    long[] fb = Field25519.fromBytes(b);
    boolean same = value(a).mod(P).equals(value(b).mod(P));
    assertThat(Field25519.equal(fa, fb)).isEqualTo(same ? 1 : 0);
    assertThat(Field25519.equal(fa, Field25519.add(fa, Field25519.sub(fb, fb)))).isEqualTo(1);
    assertThat(Field25519.isNegative(fa)).isEqualTo(value(a).mod(P).testBit(0) ? 1 : 0);
  }

  @Property(tries = 300)
  void secretScalarArithmeticAgreesWithBigInteger(
      @ForAll @Size(64) byte[] wide, @ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    BigInteger l = Scalar25519.L;
    assertThat(Scalar25519.fromLittleEndian(SecretScalar.reduceWide(wide)))
        .isEqualTo(Scalar25519.fromLittleEndian(wide).mod(l));
    byte[] ra = SecretScalar.reduce(a);
    byte[] rb = SecretScalar.reduce(b);
    BigInteger ba = Scalar25519.fromLittleEndian(a).mod(l);
    BigInteger bb = Scalar25519.fromLittleEndian(b).mod(l);
    assertThat(Scalar25519.fromLittleEndian(ra)).isEqualTo(ba);
    assertThat(Scalar25519.fromLittleEndian(SecretScalar.add(ra, rb))).isEqualTo(ba.add(bb).mod(l));
    assertThat(Scalar25519.fromLittleEndian(SecretScalar.mulAdd(ra, rb, b)))
        .isEqualTo(ba.multiply(bb).add(Scalar25519.fromLittleEndian(b)).mod(l));
  }

  @Test
  void secretScalarEdgeValues() {
    BigInteger l = Scalar25519.L;
    byte[] lMinus1 = Scalar25519.toBytes(l.subtract(BigInteger.ONE));
    byte[] max = new byte[64];
    java.util.Arrays.fill(max, (byte) 0xFF);
    assertThat(Scalar25519.fromLittleEndian(SecretScalar.reduceWide(max)))
        .isEqualTo(BigInteger.ONE.shiftLeft(512).subtract(BigInteger.ONE).mod(l));
    assertThat(Scalar25519.fromLittleEndian(SecretScalar.add(lMinus1, lMinus1)))
        .isEqualTo(l.subtract(BigInteger.TWO));
    assertThat(SecretScalar.reduce(Scalar25519.toBytes(l))).isEqualTo(new byte[32]);
    assertThat(Scalar25519.fromLittleEndian(SecretScalar.mulAdd(lMinus1, lMinus1, lMinus1)))
        .isEqualTo(l.subtract(BigInteger.ONE).pow(2).add(l.subtract(BigInteger.ONE)).mod(l));
  }

  @Test
  void toBytesReducesEdgeValues() {
    // p, p + 1, 2^255 - 1 and -1 reduce canonically
    for (BigInteger v :
        new BigInteger[] {
          P, P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE)
        }) {
      byte[] le = Scalar25519.toBytes(v);
      long[] f = new long[10];
      long[] g = Field25519.fromBytes(le);
      // fromBytes drops bit 255; add it back as 19 (2^255 = 19 mod p)
      if (v.testBit(255)) {
        g = Field25519.add(g, new long[] {19, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      }
      assertThat(value(Field25519.toBytes(g))).isEqualTo(v.mod(P));
      assertThat(f).hasSize(10);
    }
    assertThat(value(Field25519.toBytes(Field25519.neg(Field25519.ONE))))
        .isEqualTo(P.subtract(BigInteger.ONE));
  }

  @Property(tries = 100)
  void keccakPermutationMatchesBouncyCastleKeccak256(@ForAll @Size(max = 400) byte[] data) {
    // a keccak-256 sponge (rate 136, pad 0x01 ... 0x80) over our permutation
    byte[] state = new byte[200];
    int rate = 136;
    byte[] padded = new byte[(data.length / rate + 1) * rate];
    System.arraycopy(data, 0, padded, 0, data.length);
    padded[data.length] ^= 0x01;
    padded[padded.length - 1] ^= (byte) 0x80;
    for (int off = 0; off < padded.length; off += rate) {
      for (int i = 0; i < rate; i++) {
        state[i] ^= padded[off + i];
      }
      Keccak1600.permute(state);
    }
    KeccakDigest d = new KeccakDigest(256);
    d.update(data, 0, data.length);
    byte[] expected = new byte[32];
    d.doFinal(expected, 0);
    assertThat(java.util.Arrays.copyOf(state, 32)).isEqualTo(expected);
  }

  private static BigInteger value(byte[] le) {
    byte[] copy = le.clone();
    copy[31] &= 0x7F;
    return Scalar25519.fromLittleEndian(copy);
  }
}
