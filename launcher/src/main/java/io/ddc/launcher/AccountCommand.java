package io.ddc.launcher;

import io.ddc.crypto.KeyFile;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddc account}: the account the user commands act as, kept in a key file
 * (docs/spec/key-file.md) at {@code --key-file} or the default location ({@code $DDC_KEY_FILE},
 * else {@code ~/.ddc/key.json}).
 */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description = "Create, import and show the account (key) the other commands act as.",
    subcommands = {
      AccountCommand.New.class,
      AccountCommand.Import.class,
      AccountCommand.Show.class
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc account new                          a new sr25519 account in ~/.ddc/key.json",
      "  ./ddc account new --key-file bob.json --scheme ed25519 --show-secret",
      "  ./ddc account import < phrase.txt          an existing mnemonic, read from stdin",
      "  ./ddc account show --json                  address and public key of the account in use"
    })
final class AccountCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options of the commands that write a key file. */
  static final class Target {
    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description =
            "Where to keep the key (default: $DDC_KEY_FILE or ~/.ddc/key.json); never overwritten.")
    Path keyFile;

    @Option(
        names = "--scheme",
        paramLabel = "sr25519|ed25519",
        description = "Signature scheme (default: ${DEFAULT-VALUE}).")
    String scheme = "sr25519";

    @Option(
        names = "--ss58",
        paramLabel = "PREFIX",
        description = "SS58 address prefix (default: ${DEFAULT-VALUE}, Cere).")
    int ss58 = Ss58.CERE_PREFIX;

    @Mixin Output output = new Output();

    /** Writes {@code secretUri} as a key file (mode 0600; the directory 0700 when created). */
    Map<String, Object> write(CommandSpec spec, String secretUri) throws IOException {
      KeyFile file = KeyFile.ofSecretUri(secretUri, KeyCommand.parseScheme(spec, scheme), ss58);
      Path target = keyFile != null ? keyFile : AccountKey.defaultKeyFile();
      Path dir = target.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createDirectories(dir);
        }
      }
      try {
        file.write(target);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(
            target + " already holds a key and is never overwritten; give another --key-file", e);
      }
      Map<String, Object> fields = describe(file.keyPair(), ss58);
      fields.put("keyFile", target.toString());
      return fields;
    }
  }

  static Map<String, Object> describe(KeyPair k, int ss58) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", Ss58.encode(k.publicKey(), ss58));
    m.put("publicKey", "0x" + HexFormat.of().formatHex(k.publicKey()));
    m.put("scheme", k.scheme().displayName());
    return m;
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Create an account from a fresh BIP39 mnemonic and keep it in a key file (mode 0600).",
        "The key file is the only copy: back it up, or print the mnemonic once with --show-secret."
      })
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target = new Target();

    @Option(
        names = "--words",
        paramLabel = "N",
        description = "Mnemonic length: 12, 15, 18, 21 or 24 words (default: ${DEFAULT-VALUE}).")
    int words = 12;

    @Option(names = "--show-secret", description = "Also print the mnemonic.")
    boolean showSecret;

    @Override
    public Integer call() throws Exception {
      String mnemonic = Keys.generateMnemonic(words);
      Map<String, Object> fields = target.write(spec, mnemonic);
      if (showSecret) {
        fields.put("secretPhrase", mnemonic);
      }
      target.output.print(spec.commandLine().getOut(), fields, null);
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Keep an existing account (a BIP39 mnemonic or another secret URI) in a key file.",
        "Without SECRET the secret is read from the terminal (not echoed) or from stdin, which keeps",
        "it out of the shell history."
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target = new Target();

    @Parameters(
        arity = "0..1",
        paramLabel = "SECRET",
        description = "Mnemonic, 0x seed or dev URI such as //Alice, with optional //path.")
    String secret;

    @Override
    public Integer call() throws Exception {
      String s = secret != null ? secret : readSecret();
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("no secret given: pass it as SECRET or on stdin");
      }
      target.output.print(spec.commandLine().getOut(), target.write(spec, s.trim()), null);
      return 0;
    }

    private static String readSecret() throws IOException {
      Console c = System.console();
      if (c != null) {
        char[] p = c.readPassword("secret phrase: ");
        return p == null ? null : new String(p);
      }
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Show the account the commands act as (address, public key, scheme, where from).")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin AccountKey account = new AccountKey();
    @Mixin Output output = new Output();

    @Option(
        names = "--ss58",
        paramLabel = "PREFIX",
        description = "SS58 address prefix (default: ${DEFAULT-VALUE}, Cere).")
    int ss58 = Ss58.CERE_PREFIX;

    @Override
    public Integer call() throws Exception {
      KeyPair k = account.requireKey("showing an account");
      Map<String, Object> fields = describe(k, ss58);
      fields.put(
          "encryptionKey",
          "0x" + HexFormat.of().formatHex(account.encryptionKey("showing an account").publicKey()));
      fields.put("source", account.source);
      output.print(spec.commandLine().getOut(), fields, null);
      return 0;
    }
  }
}
