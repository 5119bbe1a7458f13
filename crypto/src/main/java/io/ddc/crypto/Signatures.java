package io.ddc.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signature verification for both schemes. Methods never throw on malformed input (wrong lengths,
 * invalid points, non-canonical scalars); they return {@code false}.
 */
public final class Signatures {
  private static final byte[] BYTES_OPEN = "<Bytes>".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BYTES_CLOSE = "</Bytes>".getBytes(StandardCharsets.US_ASCII);

  private Signatures() {}

  /**
   * Verifies a 64-byte signature over {@code message} by a 32-byte public key. sr25519 uses the
   * signing context {@code substrate} and requires schnorrkel's marker bit.
   */
  public static boolean verify(
      KeyScheme scheme, byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || message == null || signature == null) {
      return false;
    }
    if (publicKey.length != 32 || signature.length != 64) {
      return false;
    }
    return switch (scheme) {
      case ED25519 -> verifyEd25519(publicKey, message, signature);
      case SR25519 -> Sr25519.verify(publicKey, message, signature);
    };
  }

  /**
   * Verifies over the raw message and, if that fails, over {@code "<Bytes>" ‖ message ‖
   * "</Bytes>"}, the form browser wallets sign (node protocol 6.1).
   */
  public static boolean verifyRawOrWrapped(
      KeyScheme scheme, byte[] publicKey, byte[] message, byte[] signature) {
    return verify(scheme, publicKey, message, signature)
        || (message != null && verify(scheme, publicKey, wrapBytes(message), signature));
  }

  /** {@code "<Bytes>" ‖ message ‖ "</Bytes>"}. */
  public static byte[] wrapBytes(byte[] message) {
    byte[] out = new byte[BYTES_OPEN.length + message.length + BYTES_CLOSE.length];
    System.arraycopy(BYTES_OPEN, 0, out, 0, BYTES_OPEN.length);
    System.arraycopy(message, 0, out, BYTES_OPEN.length, message.length);
    System.arraycopy(BYTES_CLOSE, 0, out, BYTES_OPEN.length + message.length, BYTES_CLOSE.length);
    return out;
  }

  private static boolean verifyEd25519(byte[] publicKey, byte[] message, byte[] signature) {
    try {
      return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException invalidEncoding) {
      return false;
    }
  }
}
