package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ddc} user commands end to end against an in-process devnet with its dev chain (two
 * nodes): a new account is funded, deposits, creates a bucket, stores a file and a directory, reads
 * them whole, by range and by name, and shares them; a second account reads with the token and is
 * refused without it. Then tags and search, recipients by published key, a 300 MiB file with
 * progress lines, and a withdrawal after the unlocking delay.
 */
class CliOnDevnetTest {
  @TempDir Path dir;

  private DdcCli cli;

  private DdcCli.Run ddc(String... args) {
    return cli.run(args);
  }

  private DdcCli.Run ok(String... args) {
    return cli.ok(args);
  }

  @Test
  // Before the 300 MiB file and the withdrawal: 21 to 110 s on the shared build machine (load
  // average up to 18), most of it the devnet's start. With them: 276 s in one run at load average
  // 32 (the 300 MiB steps alone took 77 s and 131 s with a devnet of their own; upload 14 MiB/s).
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void accountDepositBucketPutGetShare() throws Exception {
    try (Devnet d =
        Devnet.start(new Devnet.Options(dir.resolve("devnet"), 2, 0, 0, 0, true), l -> {})) {
      cli = new DdcCli(d.descriptorFile().toAbsolutePath());
      Path aliceKey = dir.resolve("alice.json");
      Path userKey = dir.resolve("user.json");
      Path readerKey = dir.resolve("reader.json");

      ok("account", "import", "//Alice", "--key-file", aliceKey.toString());
      JsonObject created = ok("account", "new", "--key-file", userKey.toString(), "--json").json();
      String address = created.getString("address");
      assertThat(address).startsWith("6");
      assertThat(Files.readString(userKey)).contains(address);
      ok("account", "new", "--key-file", readerKey.toString(), "--scheme", "ed25519");
      DdcCli.Run again = ddc("account", "new", "--key-file", userKey.toString());
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

      DdcCli.Run broke = ddc("deposit", "10CERE", "--key-file", userKey.toString());
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
      DdcCli.Run notMine = ddc("bucket", "remove", bucket, "--key-file", readerKey.toString());
      assertThat(notMine.exit()).isEqualTo(1);
      assertThat(notMine.err()).contains("NotBucketOwner");

      String user = "--key-file=" + userKey;
      String reader = "--key-file=" + readerKey;
      Path file = dir.resolve("hello.txt");
      Files.writeString(file, "hello, decentralized world\n".repeat(1000));
      String cid =
          ok("put", "--bucket", bucket, file.toString(), "--name", "hello", user).out().strip();
      assertThat(cid).startsWith("b");
      Path back = dir.resolve("back.txt");
      ok("get", "--bucket", bucket, "hello", "-o", back.toString(), user);
      assertThat(Files.mismatch(file, back)).isEqualTo(-1);
      ok("download", "--bucket", bucket, cid, "-o", back.toString(), "--range", "7-21", user);
      assertThat(Files.readString(back)).isEqualTo("decentralized w");

      Path big = dir.resolve("big.bin");
      byte[] bigBytes = new byte[10 * 1024 * 1024 + 123];
      new java.util.Random(3).nextBytes(bigBytes);
      Files.write(big, bigBytes);
      String multi =
          ok("put", "--bucket", bucket, big.toString(), "--part-size", "4194304", user)
              .out()
              .strip();
      Path bigBack = dir.resolve("big.back");
      ok("get", "--bucket", bucket, multi, "-o", bigBack.toString(), user);
      assertThat(Files.mismatch(big, bigBack)).isEqualTo(-1);
      ok(
          "get",
          "--bucket",
          bucket,
          multi,
          "--range",
          "4194300-4194309",
          "-o",
          bigBack.toString(),
          user);
      assertThat(Files.readAllBytes(bigBack))
          .isEqualTo(java.util.Arrays.copyOfRange(bigBytes, 4194300, 4194310));

      Path site = dir.resolve("site");
      Files.createDirectories(site.resolve("css"));
      Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
      Files.writeString(site.resolve("css/site.css"), "h1 { color: teal }");
      JsonArray put =
          new JsonArray(
              ok("put", "--bucket", bucket, site.toString(), "--name", "www", "--json", user)
                  .out());
      String dag = put.getJsonObject(0).getString("cid");
      assertThat(put.getJsonObject(0).getString("kind")).isEqualTo("directory");
      JsonArray links = new JsonArray(ok("ls", "--bucket", bucket, "www", "--json", user).out());
      assertThat(links.stream().map(o -> ((JsonObject) o).getString("name")))
          .containsExactly("css/site.css", "index.html");
      assertThat(links.getJsonObject(0).getLong("size")).isEqualTo(18L);
      Path css = dir.resolve("got.css");
      ok("get", "--bucket", bucket, dag + "/css/site.css", "-o", css.toString(), user);
      assertThat(Files.readString(css)).isEqualTo("h1 { color: teal }");
      ok("get", "--bucket", bucket, "www/index.html", "-o", css.toString(), user);
      assertThat(Files.readString(css)).isEqualTo("<h1>home</h1>");
      assertThat(ok("name", "get", "--bucket", bucket, "www", user).out().strip()).isEqualTo(dag);
      DdcCli.Run noFile =
          ddc("put", "--bucket", bucket, dir.resolve("not-there.txt").toString(), user);
      assertThat(noFile.exit()).isEqualTo(1);
      assertThat(noFile.err()).contains("not-there.txt: no such file");
      // neither a name nor a path in a named directory: the error names what was asked for
      for (String missing : List.of("www/nope.html", "nowhere/index.html")) {
        DdcCli.Run none = ddc("get", "--bucket", bucket, missing, "-o", css.toString(), user);
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no name '" + missing + "' in bucket " + bucket);
      }

      String taggedSite =
          ok("put", "--bucket", bucket, site.toString(), "--tag", "project=apollo", user)
              .out()
              .strip();
      JsonObject note =
          new JsonArray(
                  ok(
                          "put",
                          "--bucket",
                          bucket,
                          file.toString(),
                          "--tag",
                          "project=apollo",
                          "--tag",
                          "kind=note",
                          "--json",
                          user)
                      .out())
              .getJsonObject(0);
      assertThat(note.getString("kind")).isEqualTo("tagged file");
      String noteDag = note.getString("cid");
      JsonArray found =
          new JsonArray(
              ok("search", "--bucket", bucket, "--tag", "project=apollo", "--json", user).out());
      assertThat(found.stream().map(o -> ((JsonObject) o).getString("cid")))
          .containsExactlyInAnyOrder(taggedSite, noteDag);
      JsonArray notes =
          new JsonArray(
              ok(
                      "search",
                      "--bucket",
                      bucket,
                      "--tag",
                      "project=apollo",
                      "--tag",
                      "kind=note",
                      "--json",
                      user)
                  .out());
      assertThat(notes).hasSize(1);
      JsonObject hit = notes.getJsonObject(0);
      assertThat(hit.getJsonObject("tags").getString("kind")).isEqualTo("note");
      assertThat(hit.getJsonArray("links").getJsonObject(0).getString("name"))
          .isEqualTo("hello.txt");
      assertThat(hit.getJsonArray("links").getJsonObject(0).getString("cid")).isEqualTo(cid);
      ok("get", "--bucket", bucket, noteDag + "/hello.txt", "-o", css.toString(), user);
      assertThat(Files.mismatch(file, css)).isEqualTo(-1);
      DdcCli.Run wrapper = ddc("get", "--bucket", bucket, noteDag, "-o", css.toString(), user);
      assertThat(wrapper.exit()).isEqualTo(1);
      assertThat(wrapper.err()).contains("is a DAG node, not a file").contains("ddc ls");
      assertThat(ok("search", "--bucket", bucket, "--tag", "project=gemini", user).out())
          .contains("nothing found");
      DdcCli.Run badTag = ddc("search", "--bucket", bucket, "--tag", "novalue", user);
      assertThat(badTag.exit()).isEqualTo(1);
      assertThat(badTag.err()).startsWith("ddc: ").contains("KEY=VALUE").hasLineCount(1);
      DdcCli.Run reserved =
          ddc("put", "--bucket", bucket, file.toString(), "--tag", "ddc.size=1", user);
      assertThat(reserved.exit()).isEqualTo(1);
      assertThat(reserved.err()).contains("ddc.").hasLineCount(1);

      String link = ok("share", "--bucket", bucket, "hello", "--expires", "1h", user).out().strip();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> shared =
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(shared.statusCode()).isEqualTo(200);
      assertThat(shared.body()).isEqualTo(Files.readString(file));
      java.net.http.HttpResponse<String> bare =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(link.substring(0, link.indexOf('?'))))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(bare.statusCode()).isIn(401, 403);
      // a link's token reads what it was made for: the name's piece, not the rest of the bucket
      String base = link.substring(0, link.indexOf("/" + bucket + "/"));
      String helloToken = link.substring(link.indexOf("?token=") + "?token=".length());
      java.util.function.Function<String, java.net.http.HttpResponse<String>> fetch =
          u -> {
            try {
              return http.send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(u)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      assertThat(
              fetch
                  .apply(base + "/" + bucket + "/" + dag + "/index.html?token=" + helloToken)
                  .statusCode())
          .isEqualTo(403);
      // a path below a named directory: the link starts at the directory's CID and reaches
      // what lies below it
      String siteLink =
          ok("share", "--bucket", bucket, "www/index.html", "--expires", "1h", user).out().strip();
      assertThat(siteLink).startsWith(base + "/" + bucket + "/" + dag + "/index.html?token=");
      assertThat(fetch.apply(siteLink).body()).isEqualTo("<h1>home</h1>");
      assertThat(fetch.apply(siteLink.replace("/index.html?", "/css/site.css?")).body())
          .isEqualTo("h1 { color: teal }");
      // --by-name keeps the name (the link follows it) with a token for the bucket
      String byName =
          ok("share", "--bucket", bucket, "www/index.html", "--by-name", "--expires", "1h", user)
              .out()
              .strip();
      assertThat(byName).startsWith(base + "/" + bucket + "/www/index.html?token=");
      java.net.http.HttpResponse<String> viaName = fetch.apply(byName);
      assertThat(viaName.statusCode()).isEqualTo(200);
      assertThat(viaName.body()).isEqualTo("<h1>home</h1>");
      assertThat(viaName.headers().firstValue("cache-control")).hasValue("public, max-age=60");

      Path theirs = dir.resolve("theirs.txt");
      DdcCli.Run refused = ddc("get", "--bucket", bucket, "hello", "-o", theirs.toString(), reader);
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).startsWith("ddc: ").hasLineCount(1);
      assertThat(theirs).doesNotExist();
      String token =
          ok("token", "grant", "--bucket", bucket, "--op", "GET", "--expires", "1h", user)
              .out()
              .strip();
      ok("get", "--bucket", bucket, "hello", "-o", theirs.toString(), "--token", token, reader);
      assertThat(Files.mismatch(file, theirs)).isEqualTo(-1);
      DdcCli.Run blind = ddc("search", "--bucket", bucket, "--tag", "project=apollo", reader);
      assertThat(blind.exit()).isEqualTo(1);
      assertThat(blind.err()).startsWith("ddc: ").contains("refused").hasLineCount(1);
      assertThat(
              ok("search", "--bucket", bucket, "--tag", "kind=note", "--token", token, reader)
                  .out())
          .contains(noteDag);
      // Two nodes, two copies of every record: each node answers for the tagged DAG node, also
      // the one that did not receive the put (its copy came by the cluster's replication).
      for (DevnetDescriptor.Node n : DevnetDescriptor.read(d.descriptorFile()).nodes()) {
        java.net.http.HttpResponse<String> r =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            n.httpUrl() + "/search/" + bucket + "?tag=kind%3Dnote&token=" + token))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(n.httpUrl()).isEqualTo(200);
        assertThat(
                new JsonObject(r.body()).getJsonArray("results").getJsonObject(0).getString("cid"))
            .as(n.httpUrl())
            .isEqualTo(noteDag);
      }

      String readerEnc = ok("account", "show", reader, "--json").json().getString("encryptionKey");
      Path secret = dir.resolve("secret.bin");
      byte[] plain = new byte[200_000];
      new java.util.Random(7).nextBytes(plain);
      Files.write(secret, plain);
      String sealed =
          ok(
                  "put",
                  "--bucket",
                  bucket,
                  secret.toString(),
                  "--name",
                  "secret",
                  "--recipient",
                  readerEnc,
                  user)
              .out()
              .strip();
      Path mine = dir.resolve("mine.bin");
      ok("get", "--bucket", bucket, "secret", "-o", mine.toString(), user);
      assertThat(Files.readAllBytes(mine)).isEqualTo(plain);
      ok("get", "--bucket", bucket, sealed, "--range", "70000-70009", "-o", mine.toString(), user);
      assertThat(Files.readAllBytes(mine))
          .isEqualTo(java.util.Arrays.copyOfRange(plain, 70000, 70010));
      Path forReader = dir.resolve("reader.bin");
      ok("get", "--bucket", bucket, "secret", "-o", forReader.toString(), "--token", token, reader);
      assertThat(Files.readAllBytes(forReader)).isEqualTo(plain);
      String aliceEnc =
          ok("account", "show", "--key-file=" + aliceKey, "--json")
              .json()
              .getString("encryptionKey");
      String userEnc = ok("account", "show", user, "--json").json().getString("encryptionKey");
      assertThat(aliceEnc).as("alice").isNotIn(readerEnc, userEnc);
      Path forAlice = dir.resolve("alice.bin");
      DdcCli.Run stranger =
          ddc(
              "get",
              "--bucket",
              bucket,
              "secret",
              "-o",
              forAlice.toString(),
              "--token",
              token,
              "--key-file=" + aliceKey);
      assertThat(stranger.exit()).as(stranger.out() + stranger.err()).isEqualTo(1);
      assertThat(stranger.err()).contains("not encrypted for your key").hasLineCount(1);
      assertThat(forAlice).doesNotExist();
      assertThat(dir.resolve("alice.bin.part")).doesNotExist();

      // Recipients by address: the reader publishes its key (signed record), the owner encrypts
      // for its address, a third account cannot read, a record not signed by the reader is refused.
      String writeToken =
          ok(
                  "token",
                  "grant",
                  "--bucket",
                  bucket,
                  "--op",
                  "GET",
                  "--op",
                  "PUT",
                  "--expires",
                  "1h",
                  user)
              .out()
              .strip();
      JsonObject published =
          ok("publish-key", "--bucket", bucket, "--token", writeToken, reader, "--json").json();
      assertThat(published.getString("account")).isEqualTo(readerAddress);
      assertThat(published.getString("encryptionKey")).isEqualTo(readerEnc);
      DdcCli.Run byAddress =
          ok(
              "put",
              "--bucket",
              bucket,
              secret.toString(),
              "--name",
              "secret2",
              "--recipient",
              readerAddress,
              user);
      assertThat(byAddress.err()).contains(readerEnc).contains("signature checked");
      String elsewhere = ok("bucket", "create", user).out().strip();
      DdcCli.Run notThere =
          ddc("put", "--bucket", elsewhere, secret.toString(), "--recipient", readerAddress, user);
      assertThat(notThere.exit()).isEqualTo(1);
      assertThat(notThere.err()).contains("has published no encryption key");
      ok(
          "put",
          "--bucket",
          elsewhere,
          secret.toString(),
          "--recipient",
          readerAddress,
          "--keys-bucket",
          bucket,
          user);
      Path forReader2 = dir.resolve("reader2.bin");
      ok(
          "get",
          "--bucket",
          bucket,
          "secret2",
          "-o",
          forReader2.toString(),
          "--token",
          token,
          reader);
      assertThat(Files.readAllBytes(forReader2)).isEqualTo(plain);
      DdcCli.Run third =
          ddc(
              "get",
              "--bucket",
              bucket,
              "secret2",
              "-o",
              forAlice.toString(),
              "--token",
              token,
              "--key-file=" + aliceKey);
      assertThat(third.exit()).isEqualTo(1);
      assertThat(third.err()).contains("not encrypted for your key");
      String aliceRecord =
          ok("publish-key", "--bucket", bucket, "--token", writeToken, "--key-file=" + aliceKey)
              .out()
              .strip();
      String readerPublic = ok("account", "show", reader, "--json").json().getString("publicKey");
      ok("name", "set", "--bucket", bucket, "ddc.keys/" + readerPublic, aliceRecord, user);
      DdcCli.Run forged =
          ddc("put", "--bucket", bucket, secret.toString(), "--recipient", readerAddress, user);
      assertThat(forged.exit()).isEqualTo(1);
      assertThat(forged.err()).startsWith("ddc: ").contains("refused").hasLineCount(1);
      DdcCli.Run unpublished =
          ddc("put", "--bucket", bucket, secret.toString(), "--recipient", address, user);
      assertThat(unpublished.exit()).isEqualTo(1);
      assertThat(unpublished.err()).contains("has published no encryption key");

      threeHundredMibWithProgress(bucket, user);
      withdrawAfterTheUnlockingDelay(d, user);
    }
  }

  static final long BIG = 300L << 20;
  static final long PART = 128L << 20;

  /** Blocks of the runtime's {@code DdcCustomers.UnlockingDelay} (7 days of 6 s blocks). */
  static final int UNLOCKING_DELAY = 100_800;

  /** {@code BIG} pseudo-random bytes (no two parts alike), written a MiB at a time. */
  private Path bigFile() throws Exception {
    Path f = dir.resolve("300mib.bin");
    java.util.SplittableRandom r = new java.util.SplittableRandom(300);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch =
        FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (long done = 0; done < BIG; done += chunk.capacity()) {
        chunk.clear();
        while (chunk.hasRemaining()) {
          chunk.putLong(r.nextLong());
        }
        chunk.flip();
        while (chunk.hasRemaining()) {
          ch.write(chunk);
        }
      }
    }
    return f;
  }

  static List<String> progressLines(String err) {
    return err.lines().filter(l -> l.contains("MiB/s")).toList();
  }

  /**
   * A 300 MiB file in three parts with progress lines, read back whole and across a part boundary.
   */
  private void threeHundredMibWithProgress(String bucket, String user) throws Exception {
    Path big = bigFile();
    DdcCli.Run put = ok("put", "--bucket", bucket, big.toString(), "--progress", "--json", user);
    Cid cid = Cid.parse(new JsonArray(put.out()).getJsonObject(0).getString("cid"));
    assertThat(cid.codec()).isEqualTo(Cid.Codec.MULTIPART);
    List<String> upload = progressLines(put.err());
    assertThat(upload).isNotEmpty();
    assertThat(upload.get(upload.size() - 1)).contains("300.0 MiB / 300.0 MiB 100.0%");
    if (upload.size() > 1) {
      assertThat(upload.get(0)).contains(" / 300.0 MiB").contains("ETA");
    }
    Path back = dir.resolve("300mib.back");
    DdcCli.Run get =
        ok("get", "--bucket", bucket, cid.toString(), "-o", back.toString(), "--progress", user);
    assertThat(progressLines(get.err())).last().asString().contains("300.0 MiB");
    assertThat(Files.size(back)).isEqualTo(BIG);
    assertThat(Files.mismatch(big, back)).isEqualTo(-1);
    Path slice = dir.resolve("slice.bin");
    ok(
        "get",
        "--bucket",
        bucket,
        cid.toString(),
        "--range",
        (PART - 8) + "-" + (PART + 7),
        "-o",
        slice.toString(),
        user);
    byte[] expected = new byte[16];
    try (FileChannel ch = FileChannel.open(big)) {
      ch.read(ByteBuffer.wrap(expected), PART - 8);
    }
    assertThat(Files.readAllBytes(slice)).isEqualTo(expected);
    Files.delete(back);
    Files.delete(big);
  }

  /**
   * The 1 CERE unlocked at the start stays unlocking through a withdraw before the delay; the dev
   * chain seals the delay's 100 800 blocks on demand, then withdraw returns it.
   */
  private void withdrawAfterTheUnlockingDelay(Devnet d, String user) throws Exception {
    JsonObject early = ok("withdraw", user, "--json").json();
    assertThat(early.getString("unlocking")).isEqualTo("10000000000");
    var rpc = d.chain().client().rpc();
    for (int sealed = 0; sealed < UNLOCKING_DELAY; sealed += 1000) {
      rpc.call("dev_newBlock", new JsonObject().put("count", 1000)).get(60, TimeUnit.SECONDS);
    }
    JsonObject after = ok("withdraw", user, "--json").json();
    assertThat(after.getString("unlocking")).isEqualTo("0");
    assertThat(after.getString("deposit")).isEqualTo(early.getString("deposit"));
    // Free grows by the 1 CERE withdrawn, less the transaction's fee.
    long gained = Long.parseLong(after.getString("free")) - Long.parseLong(early.getString("free"));
    assertThat(gained).isBetween(9_000_000_000L, 10_000_000_000L);
  }
}
