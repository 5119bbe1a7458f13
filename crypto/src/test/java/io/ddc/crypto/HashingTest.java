package io.ddc.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashingTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  @Test
  void blake3OfTheNodeProtocolRawPieceVector() {
    // node-protocol.md [6]
    assertThat(hex(Hashing.blake3_256("Hello DDC".getBytes(US_ASCII))))
        .isEqualTo("049c8a398ca27f1b2cdd5d78e29646949e2b9d66fec5b1569d6c5e3cd4422a89");
    // [D1] empty DAG node
    assertThat(hex(Hashing.blake3_256(new byte[0])))
        .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  }

  @Test
  void blake2bKnownAnswers() {
    assertThat(hex(Hashing.blake2b256(new byte[0])))
        .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    assertThat(hex(Hashing.blake2b512("abc".getBytes(US_ASCII))))
        .isEqualTo(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    assertThat(Hashing.blake2b128(new byte[] {1, 2})).hasSize(16);
    assertThat(Hashing.blake2b(new byte[0], 64)).isEqualTo(Hashing.blake2b512(new byte[0]));
    assertThatThrownBy(() -> Hashing.blake2b(new byte[0], 65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65");
  }

  @Test
  void twoxMatchesSubstrateStorageKeyPrefixes() {
    assertThat(hex(Hashing.twox128("System".getBytes(US_ASCII))))
        .isEqualTo("26aa394eea5630e07c48ae0c9558cef7");
    assertThat(hex(Hashing.twox128("Account".getBytes(US_ASCII))))
        .isEqualTo("b99d880ec681799c0cf30e8886371da9");
    assertThat(hex(Hashing.twox128("Balances".getBytes(US_ASCII))))
        .isEqualTo("c2261276cc9d1f8598ea4b6a74b15c2f");
    assertThat(hex(Hashing.twox128("Timestamp".getBytes(US_ASCII))))
        .isEqualTo("f0c365c3cf59d671eb72da0e7a4113c4");
    // xxh64("", 0) = 0xef46db3751d8e999, little-endian
    assertThat(hex(Hashing.twox64(new byte[0]))).isEqualTo("99e9d85137db46ef");
    assertThat(Hashing.twox256(new byte[0])).startsWith(Hashing.twox128(new byte[0]));
  }

  @Test
  void xxHash64LongInputsUseTheStripeLoop() {
    // xxh64 of the 256 bytes 0x00..0xff must differ from a shifted window, and be stable per seed
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    assertThat(XxHash64.hash(data, 0)).isEqualTo(XxHash64.hash(data.clone(), 0));
    assertThat(XxHash64.hash(data, 0)).isNotEqualTo(XxHash64.hash(data, 1));
    // known answer: xxh64("abc", 0) = 0x44bc2cf5ad770999
    assertThat(XxHash64.hash("abc".getBytes(US_ASCII), 0)).isEqualTo(0x44bc2cf5ad770999L);
  }

  @Test
  void keccakAndConcatHashers() {
    assertThat(hex(Hashing.keccak256(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    byte[] data = {9, 8, 7};
    assertThat(Hashing.blake2_128Concat(data)).hasSize(19).endsWith(data);
    assertThat(Hashing.blake2_128Concat(data)).startsWith(Hashing.blake2b128(data));
    assertThat(Hashing.twox64Concat(data)).startsWith(Hashing.twox64(data)).endsWith(data);
  }
}
