package io.ddc.launcher;

import io.ddc.client.encryption.EncryptionKeyPair;
import io.ddc.crypto.KeyFile;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which account a user command acts as, and which devnet it talks to. The key is, in this order:
 * {@code --key-file}, {@code --signer}, the default key file ({@code $DDC_KEY_FILE}, else {@code
 * ~/.ddc/key.json}, written by {@code ddc account new}) when it exists, the devnet's {@code owner}
 * account.
 */
final class AccountKey {
  /** Environment variable naming the default key file. */
  static final String KEY_FILE_ENV = "DDC_KEY_FILE";

  @Option(
      names = "--devnet",
      paramLabel = "FILE",
      description =
          "devnet.json to take nodes, chain and the owner key from (default devnet-data/devnet.json).")
  Path devnet;

  @Option(
      names = "--signer",
      paramLabel = "SURI",
      description = "Secret URI of the account's key (//Alice, a mnemonic, 0x seed).")
  String signer;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "Key file of the account (default: $DDC_KEY_FILE or ~/.ddc/key.json if it exists).")
  Path keyFile;

  @Option(names = "--scheme", description = "Scheme of --signer: sr25519 or ed25519.")
  String scheme = "sr25519";

  /** Where {@code ddc account new} writes and every command looks for a key by default. */
  static Path defaultKeyFile() {
    String env = System.getenv(KEY_FILE_ENV);
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".ddc", "key.json");
  }

  /** Where commands look for a devnet without {@code --devnet}: in the working directory. */
  static Path defaultDevnetFile() {
    return Path.of("devnet-data", DevnetDescriptor.FILE_NAME);
  }

  /** The devnet description, or null when none is given and none runs here. */
  DevnetDescriptor descriptor() throws Exception {
    Path f = devnet != null ? devnet : defaultDevnetFile();
    if (!Files.exists(f)) {
      if (devnet != null) {
        throw new IllegalArgumentException(devnet + " does not exist; is the devnet running?");
      }
      return null;
    }
    return DevnetDescriptor.read(f);
  }

  /** Where the last {@link #key()} came from, for {@code ddc account show}. */
  String source;

  /** The account's key with its secret URI and where it came from. */
  private record Resolved(KeyPair key, String secretUri, String source) {}

  private Resolved resolve() throws Exception {
    if (keyFile != null) {
      return fromFile(keyFile);
    }
    if (signer != null) {
      return new Resolved(Keys.fromUri(signer, KeyScheme.parse(scheme)), signer, "--signer");
    }
    Path def = defaultKeyFile();
    if (Files.exists(def)) {
      return fromFile(def);
    }
    DevnetDescriptor d = descriptor();
    if (d != null) {
      for (DevnetDescriptor.Account a : d.accounts()) {
        if ("owner".equals(a.name()) && a.uri() != null) {
          return new Resolved(
              Keys.fromUri(a.uri(), KeyScheme.parse(a.scheme())),
              a.uri(),
              "the devnet's owner account");
        }
      }
    }
    return new Resolved(null, null, null);
  }

  private static Resolved fromFile(Path file) throws Exception {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "no key file "
              + file
              + ": ./ddc account new --key-file "
              + file
              + " writes one, or sign with --signer SURI");
    }
    KeyFile k = KeyFile.read(file);
    JsonObject o = new JsonObject(Files.readString(file));
    String secret = o.getString("secretUri", o.getString("secretSeed"));
    return new Resolved(k.keyPair(), secret, file.toString());
  }

  /** The account's key, or null for anonymous calls. */
  KeyPair key() throws Exception {
    Resolved r = resolve();
    source = r.source();
    return r.key();
  }

  /**
   * The account's encryption key (docs/spec/encrypted-files.md), derived from its secret; fails
   * naming {@code purpose} when there is no account.
   */
  EncryptionKeyPair encryptionKey(String purpose) throws Exception {
    Resolved r = resolve();
    if (r.secretUri() == null) {
      requireKey(purpose);
    }
    return EncryptionKeyPair.ofSecretUri(r.secretUri());
  }

  /** The account's key; fails naming {@code purpose} when there is none. */
  KeyPair requireKey(String purpose) throws Exception {
    KeyPair k = key();
    if (k == null) {
      throw new IllegalArgumentException(
          purpose
              + " needs an account: run 'ddc account new', or give --key-file FILE or --signer SURI");
    }
    return k;
  }
}
