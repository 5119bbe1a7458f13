package io.ddc.launcher;

import io.ddc.crypto.InvalidAddressException;
import io.ddc.crypto.KeyFile;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddc key}: create and inspect Substrate keys (sr25519, ed25519), like Substrate's {@code
 * subkey}. Key files follow docs/spec/key-file.md. Secrets are printed only with {@code
 * --show-secret}.
 */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description =
        "Create and inspect sr25519/ed25519 keys; addresses use SS58 prefix 54 (Cere) by default.",
    subcommands = {KeyCommand.Generate.class, KeyCommand.Inspect.class},
    footer = {
      "",
      "Examples:",
      "  ./ddc key generate --out node-key.json             new sr25519 key in a 0600 key file",
      "  ./ddc key generate --scheme ed25519 --show-secret  print a new mnemonic instead",
      "  ./ddc key inspect //Alice                          public key and address of a dev key",
      "  ./ddc key inspect node-key.json --json             the same for a key file, as JSON"
    })
final class KeyCommand implements Runnable {
  private static final HexFormat HEX = HexFormat.of();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options both subcommands share. */
  static final class Common {
    @Option(
        names = "--ss58",
        paramLabel = "PREFIX",
        description = "SS58 address prefix (default: ${DEFAULT-VALUE}; 42 = generic Substrate).")
    int ss58 = Ss58.CERE_PREFIX;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Generate a key from a fresh BIP39 mnemonic. Keep it with --out FILE (created with mode"
            + " 0600, never overwritten)",
        "or print the mnemonic with --show-secret."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--scheme",
        paramLabel = "sr25519|ed25519",
        description = "Signature scheme (default: ${DEFAULT-VALUE}).")
    String scheme = "sr25519";

    @Option(
        names = "--words",
        paramLabel = "N",
        description = "Mnemonic length: 12, 15, 18, 21 or 24 words (default: ${DEFAULT-VALUE}).")
    int words = 12;

    @Option(names = "--out", paramLabel = "FILE", description = "Write a key file (mode 0600).")
    Path out;

    @Option(names = "--show-secret", description = "Also print the secret phrase.")
    boolean showSecret;

    @Override
    public Integer call() throws Exception {
      KeyScheme s = parseScheme(spec, scheme);
      if (out == null && !showSecret) {
        throw new ParameterException(
            spec.commandLine(),
            "a generated key would be lost: add --out FILE to keep it, or --show-secret to print"
                + " its mnemonic");
      }
      String mnemonic;
      try {
        mnemonic = Keys.generateMnemonic(words);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      KeyFile file = KeyFile.ofSecretUri(mnemonic, s, common.ss58);
      if (out != null) {
        file.write(out);
      }
      Map<String, Object> fields = describe(file.keyPair(), common.ss58);
      if (out != null) {
        fields.put("keyFile", out.toString());
      }
      if (showSecret) {
        fields.put("secretPhrase", mnemonic);
      }
      print(spec.commandLine().getOut(), fields, common.json);
      return 0;
    }
  }

  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = {
        "Print the public key and SS58 address of a secret URI (mnemonic, 0x seed or dev URI such"
            + " as //Alice,",
        "with //hard and /soft junctions and ///password), of a key file, or of an SS58 address."
      })
  static final class Inspect implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Parameters(
        paramLabel = "URI|FILE|ADDRESS",
        description = "A secret URI, a key file or an SS58 address.")
    String input;

    @Option(
        names = "--scheme",
        paramLabel = "sr25519|ed25519",
        description = "Scheme of a secret URI (default: sr25519; a key file names its own).")
    String scheme;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> fields;
      Path path = asExistingFile(input);
      if (path != null) {
        fields = inspectFile(path);
      } else {
        fields = inspectAddress();
        if (fields == null) {
          KeyScheme s = scheme == null ? KeyScheme.SR25519 : parseScheme(spec, scheme);
          fields = describe(Keys.fromUri(input, s), common.ss58);
        }
      }
      print(spec.commandLine().getOut(), fields, common.json);
      return 0;
    }

    /** The input as a path if it names a regular file (checked first, so absolute paths work). */
    private static Path asExistingFile(String input) {
      try {
        Path p = Path.of(input);
        return !input.isBlank() && Files.isRegularFile(p) ? p : null;
      } catch (java.nio.file.InvalidPathException notAPath) {
        return null;
      }
    }

    private Map<String, Object> inspectFile(Path path) throws Exception {
      KeyFile file = KeyFile.read(path);
      if (scheme != null && parseScheme(spec, scheme) != file.scheme()) {
        throw new ParameterException(
            spec.commandLine(),
            "--scheme " + scheme + " contradicts the key file's " + file.scheme().displayName());
      }
      Map<String, Object> fields = describe(file.keyPair(), common.ss58);
      fields.put("keyFile", path.toString());
      return fields;
    }

    /** The fields of an SS58 address, or null if the input is not one. */
    private Map<String, Object> inspectAddress() {
      if (input.contains(" ") || input.startsWith("/") || input.startsWith("0x")) {
        return null;
      }
      Ss58.Address a;
      try {
        a = Ss58.decode(input);
      } catch (InvalidAddressException notAnAddress) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("publicKey", "0x" + HEX.formatHex(a.publicKey()));
      fields.put("ss58Address", Ss58.encode(a.publicKey(), common.ss58));
      fields.put("ss58Prefix", common.ss58);
      fields.put("inputPrefix", a.prefix());
      return fields;
    }
  }

  static KeyScheme parseScheme(CommandSpec spec, String name) {
    try {
      return KeyScheme.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  static Map<String, Object> describe(KeyPair pair, int prefix) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scheme", pair.scheme().displayName());
    fields.put("publicKey", "0x" + HEX.formatHex(pair.publicKey()));
    fields.put("ss58Address", Ss58.encode(pair.publicKey(), prefix));
    fields.put("ss58Prefix", prefix);
    return fields;
  }

  private static final Map<String, String> LABELS =
      Map.of(
          "scheme", "Scheme",
          "publicKey", "Public key (hex)",
          "ss58Address", "SS58 address",
          "ss58Prefix", "SS58 prefix",
          "inputPrefix", "Input prefix",
          "keyFile", "Key file",
          "secretPhrase", "Secret phrase");

  static void print(PrintWriter out, Map<String, Object> fields, boolean json) {
    if (json) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append('"').append(e.getKey()).append("\":");
        if (e.getValue() instanceof Integer n) {
          sb.append(n);
        } else {
          sb.append('"').append(jsonEscape(e.getValue().toString())).append('"');
        }
      }
      out.println(sb.append('}'));
    } else {
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        out.printf("%-18s %s%n", LABELS.get(e.getKey()) + ":", e.getValue());
      }
    }
    out.flush();
  }

  private static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
