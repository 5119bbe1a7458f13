package io.ddc.client.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EncryptedObjectTest {

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Property(tries = 60)
  void sealThenOpenIsIdentity(
      @ForAll @IntRange(min = 0, max = 20_000) int size,
      @ForAll @IntRange(min = 1024, max = 5000) int chunk,
      @ForAll long seed) {
    byte[] plain = random(size, seed);
    DataKey key = DataKey.generate();
    byte[] sealed = EncryptedObject.seal(plain, key, chunk);
    EncryptedObject.Header h = EncryptedObject.Header.parse(sealed);
    assertThat(sealed).hasSize((int) h.encryptedLength());
    assertThat(h.plaintextLength()).isEqualTo(size);
    assertThat(EncryptedObject.open(sealed, key)).isEqualTo(plain);
  }

  @Provide
  Arbitrary<int[]> ranges() {
    return Arbitraries.integers()
        .between(1, 12_000)
        .flatMap(
            size ->
                Combinators.combine(
                        Arbitraries.integers().between(0, size - 1),
                        Arbitraries.integers().between(0, size - 1),
                        Arbitraries.integers().between(1024, 3000))
                    .as((a, b, c) -> new int[] {size, Math.min(a, b), Math.max(a, b), c}));
  }

  @Property(tries = 80)
  void rangedOpenReturnsExactlyTheSlice(@ForAll("ranges") int[] r) {
    int size = r[0];
    int first = r[1];
    int last = r[2];
    byte[] plain = random(size, size * 31L + first);
    DataKey key = DataKey.generate();
    byte[] sealed = EncryptedObject.seal(plain, key, r[3]);
    EncryptedObject.Header h = EncryptedObject.Header.parse(sealed);
    EncryptedObject.CipherRange cr = EncryptedObject.cipherRange(h, first, last);
    byte[] part = Arrays.copyOfRange(sealed, (int) cr.offset(), (int) (cr.offset() + cr.length()));
    byte[] got =
        EncryptedObject.openRange(
            Arrays.copyOf(sealed, EncryptedObject.HEADER_BYTES), part, key, first, last);
    assertThat(got).isEqualTo(Arrays.copyOfRange(plain, first, last + 1));
  }

  @Property(tries = 40)
  void anyFlippedByteIsDetected(
      @ForAll @IntRange(min = 0, max = 5000) int size,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] plain = random(size, size);
    DataKey key = DataKey.generate();
    byte[] sealed = EncryptedObject.seal(plain, key, 1024);
    sealed[where % sealed.length] ^= (byte) (1 << bit);
    assertThatThrownBy(() -> EncryptedObject.open(sealed, key))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void wrongKeyIsAClearError() {
    byte[] sealed = EncryptedObject.seal(random(3000, 1), DataKey.generate(), 1024);
    assertThatThrownBy(() -> EncryptedObject.open(sealed, DataKey.generate()))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("chunk 0 failed authentication");
  }

  @Test
  void truncationAndExtensionAreDetected() {
    DataKey key = DataKey.generate();
    byte[] sealed = EncryptedObject.seal(random(4096, 2), key, 1024);
    assertThatThrownBy(() -> EncryptedObject.open(Arrays.copyOf(sealed, sealed.length - 1), key))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> EncryptedObject.open(Arrays.copyOf(sealed, sealed.length + 1), key))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void droppingTheLastChunkAndPatchingTheLengthIsDetected() {
    // An attacker cuts the last chunk and rewrites the header length: every tag covers the header,
    // and the new last
    // chunk was sealed with last = 0.
    DataKey key = DataKey.generate();
    byte[] sealed = EncryptedObject.seal(random(4096, 3), key, 1024);
    EncryptedObject.Header h = EncryptedObject.Header.parse(sealed);
    EncryptedObject.Header shorter = new EncryptedObject.Header(1024, 3072, h.noncePrefix());
    byte[] cut = Arrays.copyOf(sealed, (int) shorter.encryptedLength());
    System.arraycopy(shorter.encode(), 0, cut, 0, EncryptedObject.HEADER_BYTES);
    assertThatThrownBy(() -> EncryptedObject.open(cut, key))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void reorderedChunksAreDetected() {
    DataKey key = DataKey.generate();
    byte[] sealed = EncryptedObject.seal(random(4096, 4), key, 1024);
    int c = 1024 + EncryptedObject.TAG_BYTES;
    byte[] swapped = sealed.clone();
    System.arraycopy(sealed, 32, swapped, 32 + c, c);
    System.arraycopy(sealed, 32 + c, swapped, 32, c);
    assertThatThrownBy(() -> EncryptedObject.open(swapped, key))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("chunk 0");
  }

  @Test
  void malformedHeadersAreRefusedBeforeDecryption() {
    byte[] sealed = EncryptedObject.seal(new byte[10], DataKey.generate(), 1024);
    byte[] badVersion = sealed.clone();
    badVersion[4] = 2;
    assertThatThrownBy(() -> EncryptedObject.Header.parse(badVersion))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("version 2");
    byte[] badChunk = sealed.clone();
    badChunk[8] = 0x7f;
    assertThatThrownBy(() -> EncryptedObject.Header.parse(badChunk))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("chunk size");
    assertThatThrownBy(() -> EncryptedObject.Header.parse(new byte[5]))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void streamingEncryptionEqualsTheFormatAndNeedsOneChunkOfMemory() throws IOException {
    DataKey key = DataKey.generate();
    byte[] plain = random(1_000_000, 5);
    byte[] sealed;
    try (InputStream in =
        EncryptedObject.encryptingStream(
            new ByteArrayInputStream(plain), plain.length, key, 65536)) {
      sealed = in.readAllBytes();
    }
    assertThat(EncryptedObject.open(sealed, key)).isEqualTo(plain);
  }

  @Test
  void streamingRefusesALengthMismatch() {
    DataKey key = DataKey.generate();
    assertThatThrownBy(
            () ->
                EncryptedObject.encryptingStream(
                        new ByteArrayInputStream(new byte[10]), 11, key, 1024)
                    .readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ended early");
    assertThatThrownBy(
            () ->
                EncryptedObject.encryptingStream(
                        new ByteArrayInputStream(new byte[10]), 9, key, 1024)
                    .readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than");
  }

  @Test
  void twoSealsOfTheSameBytesDiffer() {
    DataKey key = DataKey.generate();
    byte[] plain = random(100, 6);
    assertThat(EncryptedObject.seal(plain, key)).isNotEqualTo(EncryptedObject.seal(plain, key));
  }
}
