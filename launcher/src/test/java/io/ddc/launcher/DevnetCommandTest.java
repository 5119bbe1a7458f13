package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ddc devnet} tells its user, and what a command says when it finds no devnet, no key
 * file or no file.
 */
class DevnetCommandTest {
  @TempDir Path dir;

  private static DevnetDescriptor sample() {
    return new DevnetDescriptor(
        "0x0000000000000000000000000000000000000001",
        "ws://127.0.0.1:9944",
        List.of(
            new DevnetDescriptor.Node(
                "node-1", "Storage", "grpc://127.0.0.1:9091", "http://127.0.0.1:8091")),
        List.of(new DevnetDescriptor.Bucket(1, true, "6Qowner")),
        List.of(new DevnetDescriptor.Account("owner", "6Qowner", "0x2c1a", "sr25519", "//Alice")));
  }

  @Test
  void summaryNamesTheDescriptionOnlyWhereCommandsWouldNotFindIt() {
    String atDefault = DevnetCommand.summary(sample(), AccountKey.defaultDevnetFile());
    assertThat(atDefault)
        .contains("  ./ddc put --bucket 1 README.md --name docs/readme\n")
        .contains("  ./ddc get --bucket 1 docs/readme -o readme.copy\n")
        .contains("  curl http://127.0.0.1:8091/1/docs/readme\n");

    Path elsewhere = dir.resolve("devnet.json");
    String other = DevnetCommand.summary(sample(), elsewhere);
    assertThat(other)
        .contains(
            "  ./ddc put --devnet " + elsewhere + " --bucket 1 README.md --name docs/readme\n")
        .contains("  ./ddc get --devnet " + elsewhere + " --bucket 1 docs/readme -o readme.copy\n")
        .contains("  ./ddc loadtest --devnet " + elsewhere + " --rate 100");
  }

  @Test
  void aCommandWithoutADevnetSaysHowToNameTheNodes() throws Exception {
    // the tests run in the module's directory, where no devnet writes its description
    assertThat(AccountKey.defaultDevnetFile()).doesNotExist();
    Path file = Files.writeString(dir.resolve("a.txt"), "a");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = DdcCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int exit = cl.execute("put", "--bucket", "1", "--signer", "//Alice", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().strip())
        .isEqualTo(
            "ddc: no node: give --node grpc://host:port, --chain ws://host:port or --devnet FILE"
                + " (there is no devnet-data/devnet.json here; ./ddc devnet writes it in its data"
                + " directory)");
  }

  @Test
  void aMissingKeyFileSaysHowToMakeOne() throws Exception {
    Path missing = dir.resolve("nokey.json");
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = DdcCommand.newCommandLine();
    cl.setErr(new PrintWriter(err, true));

    Path file = Files.writeString(dir.resolve("a.txt"), "a");
    int exit =
        cl.execute(
            "put",
            "--bucket",
            "1",
            "--node",
            "grpc://127.0.0.1:1",
            "--key-file",
            missing.toString(),
            file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "ddc: no key file "
                + missing
                + ": ./ddc account new --key-file "
                + missing
                + " writes one, or sign with --signer SURI");
  }

  @Test
  void fileSystemErrorsNameTheFileAndTheTrouble() {
    assertThat(DdcCommand.message(new java.nio.file.NoSuchFileException("/x/y")))
        .isEqualTo("/x/y: no such file or directory");
    assertThat(DdcCommand.message(new java.nio.file.AccessDeniedException("/x/y")))
        .isEqualTo("/x/y: permission denied");
    assertThat(DdcCommand.message(new IllegalStateException("as it was"))).isEqualTo("as it was");
  }
}
