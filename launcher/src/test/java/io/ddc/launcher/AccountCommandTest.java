package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddc account} without a chain: key files, JSON output, one-line errors. */
@Timeout(60)
class AccountCommandTest {
  private static final String ROOT =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run ddc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = DdcCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void importThenShowTheSameAccountInTextAndJson() throws Exception {
    Path f = dir.resolve("keys/root.json");
    Run imported = ddc("account", "import", ROOT, "--key-file", f.toString(), "--json");
    assertThat(imported.exit()).as(imported.err()).isZero();
    JsonObject j = new JsonObject(imported.out().strip());
    assertThat(j.getString("address"))
        .isEqualTo("6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP");
    assertThat(j.getString("scheme")).isEqualTo("sr25519");
    assertThat(imported.out()).doesNotContain("hybrid");
    assertThat(Files.getPosixFilePermissions(f))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(f.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));

    Run shown = ddc("account", "show", "--key-file", f.toString());
    assertThat(shown.exit()).isZero();
    assertThat(shown.out())
        .contains("address        6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP")
        .contains("encryptionKey  0x")
        .contains("source         " + f);
  }

  @Test
  void newPrintsTheMnemonicOnlyWhenAskedAndNeverOverwrites() throws Exception {
    Path f = dir.resolve("a.json");
    Run quiet = ddc("account", "new", "--key-file", f.toString(), "--scheme", "ed25519");
    assertThat(quiet.exit()).isZero();
    assertThat(quiet.out()).contains("ed25519").doesNotContain("secretPhrase");
    Run again = ddc("account", "new", "--key-file", f.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err().strip())
        .isEqualTo(
            "ddc: " + f + " already holds a key and is never overwritten; give another --key-file");

    Run loud =
        ddc(
            "account",
            "new",
            "--key-file",
            dir.resolve("b.json").toString(),
            "--show-secret",
            "--json");
    String phrase = new JsonObject(loud.out().strip()).getString("secretPhrase");
    assertThat(phrase.split(" ")).hasSize(12);
    Run same =
        ddc("account", "import", phrase, "--key-file", dir.resolve("c.json").toString(), "--json");
    assertThat(new JsonObject(same.out().strip()).getString("address"))
        .isEqualTo(new JsonObject(loud.out().strip()).getString("address"));
  }

  @Test
  void errorsAreOneSentenceWithExitCodes() {
    Run bad =
        ddc(
            "account",
            "import",
            "not a mnemonic at all",
            "--key-file",
            dir.resolve("x.json").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("ddc: ").hasLineCount(1);
    Run scheme =
        ddc("account", "new", "--key-file", dir.resolve("y.json").toString(), "--scheme", "rsa");
    assertThat(scheme.exit()).isEqualTo(2);
    Run amount = ddc("deposit", "ten", "--signer", "//Alice", "--chain", "ws://127.0.0.1:1");
    assertThat(amount.exit()).isEqualTo(1);
    assertThat(amount.err().strip())
        .isEqualTo(
            "ddc: AMOUNT is planck (an integer) or CERE with a suffix (200CERE), 'ten' given");
  }
}
