package io.ddc.client.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * A data key wrapped for one recipient's X25519 key ({@code docs/spec/encryption.md} §2): 117 bytes
 * that anyone may store next to the object; only the recipient can unwrap them. Sharing an object =
 * wrapping its key for another account.
 */
public final class KeyEnvelope {
  /** Envelope length in bytes. */
  public static final int BYTES = 117;

  private static final byte[] MAGIC = {'D', 'D', 'K', '1'};
  private static final int VERSION = 1;
  private static final int AAD_BYTES = 69;
  private static final byte[] INFO =
      "ddc/encryption/v1/key-wrap".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyEnvelope() {}

  /** Wraps {@code key} for the holder of the X25519 public key {@code recipientPublicKey}. */
  public static byte[] wrap(DataKey key, byte[] recipientPublicKey) {
    if (recipientPublicKey.length != 32) {
      throw new IllegalArgumentException("an X25519 public key is 32 bytes");
    }
    X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(RANDOM);
    byte[] ephPub = eph.generatePublicKey().getEncoded();
    byte[] kek = kek(eph, ephPub, recipientPublicKey);
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.put(MAGIC).put((byte) VERSION).put(recipientPublicKey).put(ephPub);
    byte[] aad = Arrays.copyOf(b.array(), AAD_BYTES);
    GCMModeCipher gcm = EncryptedObject.cipher(true, DataKey.of(kek), new byte[12], aad);
    byte[] out = new byte[gcm.getOutputSize(DataKey.LENGTH)];
    int n = gcm.processBytes(key.raw(), 0, DataKey.LENGTH, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("GCM encryption cannot fail", e);
    }
    b.put(out);
    return b.array();
  }

  /** The X25519 public key an envelope is addressed to. */
  public static byte[] recipient(byte[] envelope) {
    checkShape(envelope);
    return Arrays.copyOfRange(envelope, 5, 37);
  }

  /**
   * Unwraps the data key with the recipient's key pair.
   *
   * @throws DecryptionException when the envelope is malformed, addressed to another key, or
   *     tampered with
   */
  public static DataKey unwrap(byte[] envelope, EncryptionKeyPair recipient) {
    checkShape(envelope);
    byte[] to = Arrays.copyOfRange(envelope, 5, 37);
    if (!MessageDigest.isEqual(to, recipient.publicKey())) {
      throw new DecryptionException("key envelope is addressed to another encryption key");
    }
    byte[] ephPub = Arrays.copyOfRange(envelope, 37, 69);
    byte[] kek;
    try {
      kek = kek(recipient.secret(), ephPub, to, ephPub);
    } catch (IllegalStateException e) {
      throw new DecryptionException("key envelope carries an invalid ephemeral key", e);
    }
    byte[] aad = Arrays.copyOf(envelope, AAD_BYTES);
    GCMModeCipher gcm = EncryptedObject.cipher(false, DataKey.of(kek), new byte[12], aad);
    byte[] out = new byte[gcm.getOutputSize(BYTES - AAD_BYTES)];
    int n = gcm.processBytes(envelope, AAD_BYTES, BYTES - AAD_BYTES, out, 0);
    try {
      n += gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new DecryptionException("key envelope failed authentication: tampered", e);
    }
    return DataKey.of(Arrays.copyOf(out, n));
  }

  private static void checkShape(byte[] envelope) {
    if (envelope.length != BYTES) {
      throw new DecryptionException(
          "a key envelope is " + BYTES + " bytes, got " + envelope.length);
    }
    if (!Arrays.equals(Arrays.copyOf(envelope, 4), MAGIC)) {
      throw new DecryptionException("not a key envelope: bad magic");
    }
    if ((envelope[4] & 0xff) != VERSION) {
      throw new DecryptionException(
          "key envelope version " + (envelope[4] & 0xff) + " is not supported");
    }
  }

  private static byte[] kek(X25519PrivateKeyParameters eph, byte[] ephPub, byte[] recipientPub) {
    return kek(eph, recipientPub, recipientPub, ephPub);
  }

  /**
   * HKDF(X25519(own, peer), salt = E ‖ R). Throws IllegalStateException on an all-zero shared
   * secret.
   */
  private static byte[] kek(
      X25519PrivateKeyParameters own, byte[] peer, byte[] recipientPub, byte[] ephPub) {
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(own);
    byte[] shared = new byte[32];
    agreement.calculateAgreement(new X25519PublicKeyParameters(peer, 0), shared, 0);
    byte[] salt = new byte[64];
    System.arraycopy(ephPub, 0, salt, 0, 32);
    System.arraycopy(recipientPub, 0, salt, 32, 32);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, salt, INFO));
    byte[] kek = new byte[32];
    hkdf.generateBytes(kek, 0, 32);
    return kek;
  }
}
