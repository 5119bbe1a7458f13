package io.ddc.client.encryption;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The encrypted object format of {@code docs/spec/encryption.md} §1: a 32-byte {@link Header} and
 * AES-256-GCM sealed chunks whose nonces carry the chunk index and a last-chunk flag, so that any
 * plaintext range can be read by fetching only the chunks it touches ({@link #cipherRange}, {@link
 * #openRange}).
 *
 * <p>Whole-object helpers ({@link #seal(byte[], DataKey)}, {@link #open}) are for small objects;
 * large ones stream with {@link #encryptingStream} and {@link #openChunk}.
 */
public final class EncryptedObject {
  /** Header length in bytes. */
  public static final int HEADER_BYTES = 32;

  /** GCM tag length in bytes, added to every chunk. */
  public static final int TAG_BYTES = 16;

  /**
   * Default plaintext bytes per chunk: 64 KiB (a ranged read decrypts at most two extra partial
   * chunks).
   */
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

  /** Smallest chunk size the format allows. */
  public static final int MIN_CHUNK_SIZE = 1024;

  /** Largest chunk size the format allows (16 MiB). */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  /** Largest plaintext the format allows (2^40 bytes). */
  public static final long MAX_PLAINTEXT_BYTES = 1L << 40;

  private static final byte[] MAGIC = {'D', 'D', 'E', '1'};
  private static final int VERSION = 1;
  private static final int ALGORITHM_AES256_GCM_STREAM = 1;
  private static final int NONCE_PREFIX_BYTES = 7;
  private static final SecureRandom RANDOM = new SecureRandom();

  private EncryptedObject() {}

  /**
   * The parsed header of an encrypted object.
   *
   * @param chunkSize plaintext bytes per chunk
   * @param plaintextLength total plaintext bytes
   * @param noncePrefix the object's 7-byte nonce prefix
   */
  public record Header(int chunkSize, long plaintextLength, byte[] noncePrefix) {
    /** Validates the fields against the spec's ranges. */
    public Header {
      if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
        throw new IllegalArgumentException(
            "chunk size " + chunkSize + " outside " + MIN_CHUNK_SIZE + ".." + MAX_CHUNK_SIZE);
      }
      if (plaintextLength < 0 || plaintextLength > MAX_PLAINTEXT_BYTES) {
        throw new IllegalArgumentException(
            "plaintext length " + plaintextLength + " outside 0..2^40");
      }
      if (noncePrefix.length != NONCE_PREFIX_BYTES) {
        throw new IllegalArgumentException("nonce prefix must be 7 bytes");
      }
      noncePrefix = noncePrefix.clone();
    }

    /** A header for a new object with a fresh random nonce prefix. */
    public static Header fresh(int chunkSize, long plaintextLength) {
      byte[] prefix = new byte[NONCE_PREFIX_BYTES];
      RANDOM.nextBytes(prefix);
      return new Header(chunkSize, plaintextLength, prefix);
    }

    /**
     * Parses the first 32 bytes of {@code bytes}.
     *
     * @throws DecryptionException when the header is malformed or of an unknown version
     */
    public static Header parse(byte[] bytes) {
      if (bytes.length < HEADER_BYTES) {
        throw new DecryptionException(
            "not an encrypted object: " + bytes.length + " bytes, the header alone is 32");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, 0, HEADER_BYTES);
      byte[] magic = new byte[4];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new DecryptionException("not an encrypted object: bad magic");
      }
      int version = b.get() & 0xff;
      if (version != VERSION) {
        throw new DecryptionException("encrypted object version " + version + " is not supported");
      }
      int algorithm = b.get() & 0xff;
      if (algorithm != ALGORITHM_AES256_GCM_STREAM) {
        throw new DecryptionException("encryption algorithm " + algorithm + " is not supported");
      }
      if (b.getShort() != 0) {
        throw new DecryptionException("encrypted object header: reserved bytes 6..7 are not zero");
      }
      int chunkSize = b.getInt();
      long length = b.getLong();
      byte[] prefix = new byte[NONCE_PREFIX_BYTES];
      b.get(prefix);
      for (int i = 27; i < HEADER_BYTES; i++) {
        if (bytes[i] != 0) {
          throw new DecryptionException(
              "encrypted object header: reserved bytes 27..31 are not zero");
        }
      }
      try {
        return new Header(chunkSize, length, prefix);
      } catch (IllegalArgumentException e) {
        throw new DecryptionException("encrypted object header: " + e.getMessage());
      }
    }

    /** The 32 header bytes. */
    public byte[] encode() {
      ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
      b.put(MAGIC).put((byte) VERSION).put((byte) ALGORITHM_AES256_GCM_STREAM).putShort((short) 0);
      b.putInt(chunkSize).putLong(plaintextLength).put(noncePrefix);
      return b.array();
    }

    /** Number of chunks: {@code max(1, ceil(L / chunkSize))}. */
    public long chunkCount() {
      return Math.max(1, (plaintextLength + chunkSize - 1) / chunkSize);
    }

    /** Plaintext bytes in chunk {@code index}. */
    public int plainChunkLength(long index) {
      checkIndex(index);
      long start = index * chunkSize;
      return (int) Math.min(chunkSize, plaintextLength - start);
    }

    /** Offset of sealed chunk {@code index} in the object. */
    public long chunkOffset(long index) {
      checkIndex(index);
      return HEADER_BYTES + index * (long) (chunkSize + TAG_BYTES);
    }

    /** Total size of the encrypted object: {@code 32 + L + 16·n}. */
    public long encryptedLength() {
      return HEADER_BYTES + plaintextLength + TAG_BYTES * chunkCount();
    }

    private void checkIndex(long index) {
      if (index < 0 || index >= chunkCount()) {
        throw new IllegalArgumentException("chunk " + index + " outside 0.." + (chunkCount() - 1));
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header h
          && h.chunkSize == chunkSize
          && h.plaintextLength == plaintextLength
          && Arrays.equals(h.noncePrefix, noncePrefix);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * chunkSize + Long.hashCode(plaintextLength)) + Arrays.hashCode(noncePrefix);
    }

    @Override
    public String toString() {
      return "Header[chunkSize=" + chunkSize + ", plaintextLength=" + plaintextLength + "]";
    }
  }

  /**
   * Which ciphertext bytes a plaintext range needs: sealed chunks {@code firstChunk..lastChunk},
   * found at {@code offset} with {@code length} bytes (the header, bytes 0..31, is needed too).
   */
  public record CipherRange(long firstChunk, long lastChunk, long offset, long length) {}

  /** Encrypts {@code plaintext} with the default chunk size. */
  public static byte[] seal(byte[] plaintext, DataKey key) {
    return seal(plaintext, key, DEFAULT_CHUNK_SIZE);
  }

  /** Encrypts {@code plaintext} into one encrypted object held in memory. */
  public static byte[] seal(byte[] plaintext, DataKey key, int chunkSize) {
    Header h = Header.fresh(chunkSize, plaintext.length);
    byte[] aad = h.encode();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) h.encryptedLength());
    out.writeBytes(aad);
    for (long i = 0; i < h.chunkCount(); i++) {
      int from = (int) (i * chunkSize);
      out.writeBytes(sealChunk(h, aad, key, i, plaintext, from, h.plainChunkLength(i)));
    }
    return out.toByteArray();
  }

  /**
   * Decrypts a whole encrypted object.
   *
   * @throws DecryptionException on a wrong key or any change to the object
   */
  public static byte[] open(byte[] object, DataKey key) {
    Header h = Header.parse(object);
    if (object.length != h.encryptedLength()) {
      throw new DecryptionException(
          "encrypted object is "
              + object.length
              + " bytes, its header says "
              + h.encryptedLength()
              + ": truncated or extended");
    }
    if (h.plaintextLength() > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("object too large to open in memory; stream it");
    }
    byte[] aad = Arrays.copyOf(object, HEADER_BYTES);
    byte[] plain = new byte[(int) h.plaintextLength()];
    for (long i = 0; i < h.chunkCount(); i++) {
      int sealedLen = h.plainChunkLength(i) + TAG_BYTES;
      byte[] p = openChunk(h, aad, key, i, object, (int) h.chunkOffset(i), sealedLen);
      System.arraycopy(p, 0, plain, (int) (i * h.chunkSize()), p.length);
    }
    return plain;
  }

  /** The ciphertext bytes needed for plaintext bytes {@code first..last} (inclusive). */
  public static CipherRange cipherRange(Header h, long first, long last) {
    if (first < 0 || last < first || last >= h.plaintextLength()) {
      throw new IllegalArgumentException(
          "range " + first + "-" + last + " outside 0.." + (h.plaintextLength() - 1));
    }
    long c0 = first / h.chunkSize();
    long c1 = last / h.chunkSize();
    long offset = h.chunkOffset(c0);
    long end = h.chunkOffset(c1) + h.plainChunkLength(c1) + TAG_BYTES;
    return new CipherRange(c0, c1, offset, end - offset);
  }

  /**
   * Decrypts plaintext bytes {@code first..last} (inclusive) from the header bytes and the sealed
   * chunks named by {@link #cipherRange} ({@code sealed} holds exactly those ciphertext bytes).
   *
   * @throws DecryptionException on a wrong key, a changed byte, or chunks that are not the ones
   *     asked for
   */
  public static byte[] openRange(
      byte[] headerBytes, byte[] sealed, DataKey key, long first, long last) {
    Header h = Header.parse(headerBytes);
    byte[] aad = Arrays.copyOf(headerBytes, HEADER_BYTES);
    CipherRange r = cipherRange(h, first, last);
    if (sealed.length != r.length()) {
      throw new DecryptionException(
          "range needs " + r.length() + " ciphertext bytes, got " + sealed.length);
    }
    long size = last - first + 1;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("range too large to open in memory");
    }
    byte[] out = new byte[(int) size];
    int pos = 0;
    int at = 0;
    for (long i = r.firstChunk(); i <= r.lastChunk(); i++) {
      int sealedLen = h.plainChunkLength(i) + TAG_BYTES;
      byte[] p = openChunk(h, aad, key, i, sealed, at, sealedLen);
      at += sealedLen;
      long chunkStart = i * h.chunkSize();
      int from = (int) Math.max(0, first - chunkStart);
      int to = (int) Math.min(p.length, last - chunkStart + 1);
      System.arraycopy(p, from, out, pos, to - from);
      pos += to - from;
    }
    return out;
  }

  /**
   * Opens sealed chunk {@code index} of the object with header {@code h} ({@code aad} = its 32
   * encoded bytes).
   *
   * @throws DecryptionException when the chunk does not authenticate
   */
  public static byte[] openChunk(
      Header h, byte[] aad, DataKey key, long index, byte[] buf, int off, int len) {
    int expected = h.plainChunkLength(index) + TAG_BYTES;
    if (len != expected) {
      throw new DecryptionException(
          "chunk " + index + " is " + len + " bytes, expected " + expected);
    }
    GCMModeCipher gcm = cipher(false, key, nonce(h, index), aad);
    byte[] out = new byte[gcm.getOutputSize(len)];
    int n = gcm.processBytes(buf, off, len, out, 0);
    try {
      n += gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new DecryptionException(
          "chunk " + index + " failed authentication: wrong key or tampered ciphertext", e);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * A stream of the encrypted object of the {@code length} plaintext bytes read from {@code
   * plaintext}, chunk by chunk (at most one chunk in memory). Fails with an {@link IOException} if
   * {@code plaintext} ends early or has more bytes than declared.
   */
  public static InputStream encryptingStream(
      InputStream plaintext, long length, DataKey key, int chunkSize) {
    return new EncryptingStream(plaintext, Header.fresh(chunkSize, length), key);
  }

  static byte[] sealChunk(
      Header h, byte[] aad, DataKey key, long index, byte[] buf, int off, int len) {
    GCMModeCipher gcm = cipher(true, key, nonce(h, index), aad);
    byte[] out = new byte[gcm.getOutputSize(len)];
    int n = gcm.processBytes(buf, off, len, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("GCM encryption cannot fail", e);
    }
    return out;
  }

  static GCMModeCipher cipher(boolean encrypt, DataKey key, byte[] nonce, byte[] aad) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key.raw()), TAG_BYTES * 8, nonce, aad));
    return gcm;
  }

  private static byte[] nonce(Header h, long index) {
    ByteBuffer b = ByteBuffer.allocate(12);
    b.put(h.noncePrefix()).putInt((int) index).put((byte) (index == h.chunkCount() - 1 ? 1 : 0));
    return b.array();
  }

  private static final class EncryptingStream extends InputStream {
    private final InputStream in;
    private final Header header;
    private final byte[] aad;
    private final DataKey key;
    private long nextChunk;
    private byte[] current;
    private int pos;

    EncryptingStream(InputStream in, Header header, DataKey key) {
      this.in = in;
      this.header = header;
      this.aad = header.encode();
      this.key = key;
      this.current = aad;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (current != null && pos == current.length) {
        current = nextSealedChunk();
        pos = 0;
      }
      if (current == null) {
        return -1;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    private byte[] nextSealedChunk() throws IOException {
      if (nextChunk == header.chunkCount()) {
        if (in.read() != -1) {
          throw new IOException(
              "plaintext has more than the declared " + header.plaintextLength() + " bytes");
        }
        return null;
      }
      int want = header.plainChunkLength(nextChunk);
      byte[] plain = in.readNBytes(want);
      if (plain.length != want) {
        throw new IOException(
            "plaintext ended early: declared " + header.plaintextLength() + " bytes");
      }
      return sealChunk(header, aad, key, nextChunk++, plain, 0, want);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
