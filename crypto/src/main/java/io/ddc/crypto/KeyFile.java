package io.ddc.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node or CLI key in a file, as specified in docs/spec/key-file.md: a JSON object with the
 * scheme, the public key, its SS58 address and the secret (a secret URI or a 32-byte seed). Files
 * are created with mode 0600 and refused when group or others may read them. {@link #toString()}
 * never shows the secret.
 */
public final class KeyFile {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private static final HexFormat HEX = HexFormat.of();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final KeyScheme scheme;
  private final String secretUri;
  private final byte[] secretSeed;
  private final int ss58Prefix;
  private final KeyPair keyPair;

  private KeyFile(KeyScheme scheme, String secretUri, byte[] secretSeed, int ss58Prefix) {
    if (ss58Prefix < 0 || ss58Prefix > 16383) {
      throw new IllegalArgumentException("SS58 prefix must be 0..16383, " + ss58Prefix + " given");
    }
    this.scheme = scheme;
    this.secretUri = secretUri;
    this.secretSeed = secretSeed == null ? null : secretSeed.clone();
    this.ss58Prefix = ss58Prefix;
    this.keyPair =
        secretUri != null
            ? Keys.fromUri(secretUri, scheme)
            : Keys.fromSeed(this.secretSeed, scheme);
  }

  /**
   * A key file holding a secret URI (mnemonic, {@code 0x} seed or dev URI, with its derivation path
   * and password).
   *
   * @throws InvalidSecretException if the URI does not produce a key
   */
  public static KeyFile ofSecretUri(String secretUri, KeyScheme scheme, int ss58Prefix) {
    return new KeyFile(scheme, secretUri, null, ss58Prefix);
  }

  /**
   * A key file holding a 32-byte seed.
   *
   * @throws InvalidSecretException if the seed is not 32 bytes
   */
  public static KeyFile ofSeed(byte[] seed, KeyScheme scheme, int ss58Prefix) {
    return new KeyFile(scheme, null, seed, ss58Prefix);
  }

  /** The signature scheme. */
  public KeyScheme scheme() {
    return scheme;
  }

  /** The key pair the secret derives. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The 32-byte public key (a copy). */
  public byte[] publicKey() {
    return keyPair.publicKey();
  }

  /** The SS58 prefix addresses of this key use. */
  public int ss58Prefix() {
    return ss58Prefix;
  }

  /** The SS58 address of the public key with {@link #ss58Prefix()}. */
  public String ss58Address() {
    return Ss58.encode(keyPair.publicKey(), ss58Prefix);
  }

  /** The JSON text of the file, secret included. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", (long) VERSION);
    m.put("scheme", scheme.displayName());
    m.put("publicKey", "0x" + HEX.formatHex(keyPair.publicKey()));
    m.put("ss58Address", ss58Address());
    m.put("ss58Prefix", (long) ss58Prefix);
    if (secretUri != null) {
      m.put("secretUri", secretUri);
    } else {
      m.put("secretSeed", "0x" + HEX.formatHex(secretSeed));
    }
    return FlatJson.write(m);
  }

  /**
   * Parses key file text and checks that the secret produces the stated public key and address.
   *
   * @throws InvalidKeyFileException for malformed JSON, a missing, wrong-typed or unknown-valued
   *     field, a version other than 1, both or neither secret, or a key mismatch
   */
  public static KeyFile parse(String json) {
    Map<String, Object> m = FlatJson.parse(json);
    long version = number(m, "version");
    if (version != VERSION) {
      throw new InvalidKeyFileException(
          "key file version " + version + " is not supported (only 1)");
    }
    KeyScheme scheme;
    try {
      scheme = KeyScheme.parse(string(m, "scheme", true));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyFileException("key file: " + e.getMessage());
    }
    long prefix = number(m, "ss58Prefix");
    if (prefix > 16383) {
      throw new InvalidKeyFileException(
          "key file: ss58Prefix must be 0..16383, " + prefix + " found");
    }
    String uri = string(m, "secretUri", false);
    String seedHex = string(m, "secretSeed", false);
    if ((uri == null) == (seedHex == null)) {
      throw new InvalidKeyFileException(
          "key file must have exactly one of secretUri and secretSeed");
    }
    KeyFile file;
    try {
      file =
          uri != null
              ? ofSecretUri(uri, scheme, (int) prefix)
              : ofSeed(hex(seedHex, "secretSeed"), scheme, (int) prefix);
    } catch (InvalidSecretException e) {
      throw new InvalidKeyFileException("key file secret: " + e.getMessage());
    }
    byte[] stated = hex(string(m, "publicKey", true), "publicKey");
    if (!Arrays.equals(stated, file.publicKey())) {
      throw new InvalidKeyFileException(
          "key file: the secret gives public key 0x"
              + HEX.formatHex(file.publicKey())
              + ", not the stated "
              + string(m, "publicKey", true));
    }
    String address = string(m, "ss58Address", false);
    if (address != null && !address.equals(file.ss58Address())) {
      throw new InvalidKeyFileException(
          "key file: ss58Address "
              + address
              + " does not match the key ("
              + file.ss58Address()
              + ")");
    }
    return file;
  }

  /**
   * Reads and checks a key file.
   *
   * @throws InvalidKeyFileException also when group or others have any permission on the file
   */
  public static KeyFile read(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null) {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new InvalidKeyFileException(
            "key file "
                + file
                + " is accessible to others ("
                + PosixFilePermissions.toString(perms)
                + "); run chmod 600 "
                + file);
      }
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Creates {@code file} with mode 0600 (on POSIX file systems) and writes {@link #toJson()}.
   *
   * @throws FileAlreadyExistsException if the file exists; keys are never overwritten
   */
  public void write(Path file) throws IOException {
    if (Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class)
        != null) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(file);
    }
    Files.writeString(
        file, toJson(), StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
  }

  @Override
  public String toString() {
    return "KeyFile[" + scheme.displayName() + " " + ss58Address() + ", secret ***]";
  }

  private static String string(Map<String, Object> m, String field, boolean required) {
    Object v = m.get(field);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new InvalidKeyFileException(
          "key file: field '" + field + "' " + (v == null ? "is missing" : "must be a string"));
    }
    return s;
  }

  private static long number(Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (!(v instanceof Long n)) {
      throw new InvalidKeyFileException(
          "key file: field '" + field + "' " + (v == null ? "is missing" : "must be a number"));
    }
    return n;
  }

  private static byte[] hex(String value, String field) {
    if (!value.startsWith("0x")) {
      throw new InvalidKeyFileException("key file: " + field + " must be 0x-prefixed hex");
    }
    try {
      return HEX.parseHex(value.substring(2));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyFileException("key file: " + field + " is not valid hex");
    }
  }
}
