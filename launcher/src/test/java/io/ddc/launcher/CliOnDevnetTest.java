package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ddc} user commands end to end against an in-process devnet with its dev chain (two
 * nodes): a new account is funded, deposits, creates a bucket, stores a file and a directory, reads
 * them whole, by range and by name, and shares them; a second account reads with the token and is
 * refused without it.
 */
class CliOnDevnetTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    JsonObject json() {
      return new JsonObject(out.strip());
    }
  }

  private Path descriptor;

  private Run ddc(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--devnet") && !List.of("account").contains(args[0])) {
      all.add("--devnet");
      all.add(descriptor.toString());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = DdcCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Run ok(String... args) {
    Run r = ddc(args);
    assertThat(r.exit())
        .as("ddc %s\nstdout: %s\nstderr: %s", List.of(args), r.out(), r.err())
        .isZero();
    return r;
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void accountDepositBucketPutGetShare() throws Exception {
    try (Devnet d =
        Devnet.start(new Devnet.Options(dir.resolve("devnet"), 2, 0, 0, 0, true), l -> {})) {
      descriptor = d.descriptorFile().toAbsolutePath();
      Path aliceKey = dir.resolve("alice.json");
      Path userKey = dir.resolve("user.json");
      Path readerKey = dir.resolve("reader.json");

      ok("account", "import", "//Alice", "--key-file", aliceKey.toString());
      JsonObject user = ok("account", "new", "--key-file", userKey.toString(), "--json").json();
      String address = user.getString("address");
      assertThat(address).startsWith("6");
      assertThat(Files.readString(userKey)).contains(address);
      ok("account", "new", "--key-file", readerKey.toString(), "--scheme", "ed25519");
      Run again = ddc("account", "new", "--key-file", userKey.toString());
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err())
          .startsWith("ddc: ")
          .contains("never overwritten")
          .doesNotContain("\tat ");
      assertThat(
              ok("account", "show", "--key-file", userKey.toString(), "--json")
                  .json()
                  .getString("address"))
          .isEqualTo(address);

      Run broke = ddc("deposit", "10CERE", "--key-file", userKey.toString());
      assertThat(broke.exit()).isEqualTo(1);
      assertThat(broke.err()).startsWith("ddc: ").hasLineCount(1);

      ok("transfer", "500CERE", "--to", address, "--key-file", aliceKey.toString());
      JsonObject bal = ok("balance", address, "--json").json();
      assertThat(bal.getString("free")).isEqualTo("5000000000000");
      JsonObject dep = ok("deposit", "100CERE", "--key-file", userKey.toString(), "--json").json();
      assertThat(dep.getString("deposit")).isEqualTo("1000000000000");
      ok("deposit", "50000000000", "--key-file", userKey.toString());
      dep = ok("unlock", "1CERE", "--key-file", userKey.toString(), "--json").json();
      assertThat(dep.getString("deposit")).isEqualTo("1040000000000");
      assertThat(dep.getString("unlocking")).isEqualTo("10000000000");
      assertThat(ok("balance", "--key-file", userKey.toString()).out()).contains("104 CERE");

      String bucket =
          ok("bucket", "create", "--private", "--key-file", userKey.toString()).out().strip();
      String other = ok("bucket", "create", "--key-file", userKey.toString()).out().strip();
      JsonArray list =
          new JsonArray(ok("bucket", "list", "--key-file", userKey.toString(), "--json").out());
      assertThat(list.stream().map(o -> ((JsonObject) o).getLong("id").toString()))
          .containsExactly(bucket, other);
      assertThat(ok("bucket", "show", bucket, "--json").json().getBoolean("public")).isFalse();
      ok("bucket", "remove", other, "--key-file", userKey.toString());
      assertThat(ok("bucket", "list", "--key-file", userKey.toString()).out())
          .contains(bucket)
          .doesNotContain("\n" + other + "\t");
      String readerAddress =
          ok("account", "show", "--key-file", readerKey.toString(), "--json")
              .json()
              .getString("address");
      ok("transfer", "10CERE", "--to", readerAddress, "--key-file", aliceKey.toString());
      Run notMine = ddc("bucket", "remove", bucket, "--key-file", readerKey.toString());
      assertThat(notMine.exit()).isEqualTo(1);
      assertThat(notMine.err()).contains("NotBucketOwner");

      Path file = dir.resolve("hello.txt");
      Files.writeString(file, "hello, decentralized world\n".repeat(1000));
      String cid =
          ok(
                  "upload",
                  "--bucket",
                  bucket,
                  file.toString(),
                  "--name",
                  "hello",
                  "--key-file",
                  userKey.toString())
              .out()
              .strip();
      Path back = dir.resolve("back.txt");
      ok(
          "download",
          "--bucket",
          bucket,
          "hello",
          "-o",
          back.toString(),
          "--key-file",
          userKey.toString());
      assertThat(Files.mismatch(file, back)).isEqualTo(-1);
      assertThat(cid).startsWith("b");
    }
  }
}
