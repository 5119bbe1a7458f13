package io.ddc.crypto;

/** The two signature schemes of Substrate accounts that DDC uses. */
public enum KeyScheme {
  /** Schnorrkel signatures on Ristretto255, signing context {@code substrate}. */
  SR25519(1),
  /** RFC 8032 ed25519. */
  ED25519(0);

  private final int signatureTypeIndex;

  KeyScheme(int signatureTypeIndex) {
    this.signatureTypeIndex = signatureTypeIndex;
  }

  /**
   * The variant index of this scheme in Substrate's {@code MultiSignature} enum (Ed25519 = 0,
   * Sr25519 = 1). The DDC protobuf {@code Signature.algorithm} uses the same numbers.
   */
  public int signatureTypeIndex() {
    return signatureTypeIndex;
  }

  /** The scheme for a {@code MultiSignature} index or protobuf algorithm number. */
  public static KeyScheme ofSignatureTypeIndex(int index) {
    return switch (index) {
      case 0 -> ED25519;
      case 1 -> SR25519;
      default -> throw new IllegalArgumentException("no key scheme with signature type " + index);
    };
  }

  /** Parses {@code sr25519} or {@code ed25519}, case-insensitively. */
  public static KeyScheme parse(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "sr25519" -> SR25519;
      case "ed25519" -> ED25519;
      default ->
          throw new IllegalArgumentException(
              "unknown key scheme '" + name + "'; use sr25519 or ed25519");
    };
  }

  /** The lower-case name used in key files and on the command line. */
  public String displayName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
