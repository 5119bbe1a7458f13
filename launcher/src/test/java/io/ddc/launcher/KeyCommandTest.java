package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class KeyCommandTest {
  private static final String ROOT =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new KeyCommand());
    cl.setExecutionExceptionHandler(new DdcCommand.OneLineErrors());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void inspectDevAndMnemonicUrisInBothSchemes() {
    Run alice = run("inspect", "//Alice");
    assertThat(alice.exit()).isZero();
    assertThat(alice.out())
        .contains("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
        .contains("6UJs2Uj5hV2Jto7Z2FAhM2hXpvvQtcr4dwM6abKzMYQBHmpi")
        .contains("sr25519");
    assertThat(run("inspect", "--scheme", "ed25519", "//Bob").out())
        .contains("0xd17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69")
        .contains("6UFHrZbMF6Sv8VFC3B6pwnPpv96qLXwCoE3KKfQhmXox4HZ2");
    assertThat(run("inspect", ROOT, "--json").out().strip())
        .isEqualTo(
            "{\"scheme\":\"sr25519\",\"publicKey\":\"0x2c1a7cdeff55c046bc85c3a969c372ef85290c122a9c5636b3232740c3a38245\","
                + "\"ss58Address\":\"6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP\",\"ss58Prefix\":54}");
    assertThat(run("inspect", "//Alice", "--ss58", "42").out())
        .contains("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  }

  @Test
  void inspectAnAddressConvertsPrefixes() {
    Run r = run("inspect", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("6UJs2Uj5hV2Jto7Z2FAhM2hXpvvQtcr4dwM6abKzMYQBHmpi")
        .contains("Input prefix:      42");
  }

  @Test
  void generateWritesAKeyFileAndPrintsNoSecret() throws Exception {
    Path f = dir.resolve("node.json");
    Run r = run("generate", "--scheme", "ed25519", "--out", f.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    String phrase = Files.readString(f).replaceAll("(?s).*\"secretUri\": \"([^\"]+)\".*", "$1");
    assertThat(phrase.split(" ")).hasSize(12);
    assertThat(r.out()).doesNotContain(phrase).contains("ed25519");
    Run inspected = run("inspect", f.toString());
    String pub = r.out().replaceAll("(?s).*(0x[0-9a-f]{64}).*", "$1");
    assertThat(inspected.out()).contains(pub).contains("Key file:");
    assertThat(run("inspect", "--scheme", "sr25519", f.toString()).exit()).isEqualTo(2);
    assertThat(run("generate", "--out", f.toString()).exit()).isEqualTo(1);
  }

  @Test
  void generateRefusesToLoseTheKeyAndShowsSecretsOnlyWhenAsked() {
    Run lost = run("generate");
    assertThat(lost.exit()).isEqualTo(2);
    assertThat(lost.err()).contains("--out FILE");
    Run shown = run("generate", "--show-secret", "--words", "24", "--json");
    assertThat(shown.exit()).isZero();
    assertThat(shown.out()).containsPattern("\"secretPhrase\":\"([a-z]+ ){23}[a-z]+\"");
  }

  @Test
  void badInputIsOneLineWithoutTheSecret() {
    Run r = run("inspect", ROOT.replace("nation", "abandon"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("ddc: ").contains("checksum").doesNotContain("hybrid");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(run("inspect", "--scheme", "ed448", "//Alice").exit()).isEqualTo(2);
    assertThat(run("inspect", "--scheme", "ed25519", "//Alice/soft").err()).contains("hard");
  }
}
