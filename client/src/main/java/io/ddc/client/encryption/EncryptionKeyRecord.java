package io.ddc.client.encryption;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An account's signed announcement of its X25519 encryption key ({@code docs/spec/encryption.md}
 * §3), stored in a bucket so that others can wrap data keys for the account. Verify it before
 * trusting the key in it.
 *
 * @param scheme the account key's signature scheme: {@link #ED25519} or {@link #SR25519}
 * @param accountPublicKey the 32-byte account (signing) public key
 * @param encryptionPublicKey the 32-byte X25519 public key announced
 * @param issuedAtMillis when it was issued (a newer record replaces an older one)
 * @param signature the 64-byte signature of the account key over {@link #signedBytes()}
 */
public record EncryptionKeyRecord(
    int scheme,
    byte[] accountPublicKey,
    byte[] encryptionPublicKey,
    long issuedAtMillis,
    byte[] signature) {

  /** Scheme byte of ed25519 account keys. */
  public static final int ED25519 = 0;

  /** Scheme byte of sr25519 account keys. */
  public static final int SR25519 = 1;

  /** Encoded length in bytes. */
  public static final int BYTES = 141;

  private static final byte[] MAGIC = {'D', 'D', 'R', '1'};
  private static final int SIGNED_BYTES = 77;

  /** Signs a message with the account's key (returns the 64-byte signature). */
  @FunctionalInterface
  public interface Signer {
    /** The signature over {@code message}. */
    byte[] sign(byte[] message);
  }

  /**
   * Verifies a signature of an account key (raw or {@code <Bytes>}-wrapped message, as for tokens).
   */
  @FunctionalInterface
  public interface Verifier {
    /**
     * True when {@code signature} is {@code publicKey}'s signature of {@code message} under {@code
     * scheme}.
     */
    boolean verify(int scheme, byte[] publicKey, byte[] message, byte[] signature);
  }

  /** Checks the field sizes and copies the arrays. */
  public EncryptionKeyRecord {
    if (scheme != ED25519 && scheme != SR25519) {
      throw new IllegalArgumentException("unknown signature scheme " + scheme);
    }
    if (accountPublicKey.length != 32 || encryptionPublicKey.length != 32) {
      throw new IllegalArgumentException("public keys are 32 bytes");
    }
    if (signature.length != 64) {
      throw new IllegalArgumentException("a signature is 64 bytes");
    }
    accountPublicKey = accountPublicKey.clone();
    encryptionPublicKey = encryptionPublicKey.clone();
    signature = signature.clone();
  }

  /** Creates and signs a record announcing {@code encryptionKey} for the account. */
  public static EncryptionKeyRecord sign(
      int scheme,
      byte[] accountPublicKey,
      Signer signer,
      EncryptionKeyPair encryptionKey,
      long issuedAtMillis) {
    byte[] msg = signed(scheme, accountPublicKey, encryptionKey.publicKey(), issuedAtMillis);
    return new EncryptionKeyRecord(
        scheme, accountPublicKey, encryptionKey.publicKey(), issuedAtMillis, signer.sign(msg));
  }

  /**
   * Parses an encoded record (without verifying it).
   *
   * @throws DecryptionException when the bytes are not a record of this version
   */
  public static EncryptionKeyRecord parse(byte[] bytes) {
    if (bytes.length != BYTES || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
      throw new DecryptionException("not an encryption key record");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 4, BYTES - 4);
    int scheme = b.get() & 0xff;
    byte[] account = new byte[32];
    byte[] enc = new byte[32];
    byte[] sig = new byte[64];
    b.get(account).get(enc);
    long issued = b.getLong();
    b.get(sig);
    try {
      return new EncryptionKeyRecord(scheme, account, enc, issued, sig);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException("encryption key record: " + e.getMessage());
    }
  }

  /** The bytes the signature covers (bytes 0..76 of the encoding). */
  public byte[] signedBytes() {
    return signed(scheme, accountPublicKey, encryptionPublicKey, issuedAtMillis);
  }

  /** The 141-byte encoding. */
  public byte[] encode() {
    return ByteBuffer.allocate(BYTES).put(signedBytes()).put(signature).array();
  }

  /** True when the account key signed this record. */
  public boolean verify(Verifier verifier) {
    return verifier.verify(scheme, accountPublicKey, signedBytes(), signature);
  }

  private static byte[] signed(int scheme, byte[] account, byte[] enc, long issued) {
    return ByteBuffer.allocate(SIGNED_BYTES)
        .put(MAGIC)
        .put((byte) scheme)
        .put(account)
        .put(enc)
        .putLong(issued)
        .array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKeyRecord r && Arrays.equals(r.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "EncryptionKeyRecord[account="
        + HexFormat.of().formatHex(accountPublicKey)
        + ", key="
        + HexFormat.of().formatHex(encryptionPublicKey)
        + ", issuedAt="
        + issuedAtMillis
        + "]";
  }
}
