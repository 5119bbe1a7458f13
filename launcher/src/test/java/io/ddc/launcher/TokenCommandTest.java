package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.node.AuthTokens;
import io.ddc.protocol.proto.auth.AuthToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code ddc token grant|wrap|show}: no node or chain is involved, only keys and signatures. */
class TokenCommandTest {
  static final String ALICE = "6UJs2Uj5hV2Jto7Z2FAhM2hXpvvQtcr4dwM6abKzMYQBHmpi";

  record Run(int exit, String out, String err) {}

  static Run ddc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = DdcCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  static String ok(String... args) {
    Run r = ddc(args);
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    return r.out().strip();
  }

  @Test
  void aBearerTokenShowsItsSignerAndWhatItAllows() {
    String token =
        ok("token", "grant", "--signer", "//Alice", "--bucket", "7", "--op", "GET", "--op", "PUT");
    JsonArray rows = new JsonArray(ok("token", "show", token, "--json"));
    assertThat(rows).hasSize(1);
    JsonObject r = rows.getJsonObject(0);
    assertThat(r.getString("signer")).isEqualTo(ALICE);
    assertThat(r.getBoolean("signatureValid")).isTrue();
    assertThat(r.getString("bucket")).isEqualTo("7");
    assertThat(r.getString("operations")).isEqualTo("GET,PUT");
    assertThat(r.getString("subject")).isEqualTo("-");
  }

  @Test
  void aWrappedGrantShowsBothLinksOfItsChain() {
    String bob = ok("key", "inspect", "//Bob", "--json");
    String bobAddress = new JsonObject(bob).getString("ss58Address");
    String grant =
        ok(
            "token",
            "grant",
            "--signer",
            "//Alice",
            "--bucket",
            "2",
            "--op",
            "PUT",
            "--subject",
            bobAddress);
    String wrapped = ok("token", "wrap", grant, "--signer", "//Bob");
    JsonArray rows = new JsonArray(ok("token", "show", wrapped, "--json"));
    assertThat(rows).hasSize(2);
    assertThat(rows.getJsonObject(0).getString("signer")).isEqualTo(bobAddress);
    assertThat(rows.getJsonObject(1).getString("signer")).isEqualTo(ALICE);
    assertThat(rows.getJsonObject(1).getString("subject")).isEqualTo(bobAddress);
    assertThat(rows.stream().map(o -> ((JsonObject) o).getBoolean("signatureValid")))
        .containsOnly(true);
  }

  @Test
  void aTokenWhosePayloadWasChangedShowsAnInvalidSignature() {
    String token = ok("token", "grant", "--signer", "//Alice", "--bucket", "7", "--op", "GET");
    AuthToken t = AuthTokens.fromBase58(token);
    AuthToken forged = t.toBuilder().setPayload(t.getPayload().toBuilder().setBucketId(8)).build();
    JsonArray rows = new JsonArray(ok("token", "show", AuthTokens.toBase58(forged), "--json"));
    assertThat(rows.getJsonObject(0).getBoolean("signatureValid")).isFalse();
    assertThat(rows.getJsonObject(0).getString("bucket")).isEqualTo("8");
  }

  @Test
  void grantWithoutAKeyOrWithoutAnOperationIsOneSentence() {
    Run noKey = ddc("token", "grant", "--bucket", "7", "--op", "GET");
    assertThat(noKey.exit()).isNotZero();
    assertThat(noKey.err()).contains("needs a key").hasLineCount(1);
    Run notAToken = ddc("token", "show", "not-a-token");
    assertThat(notAToken.exit()).isNotZero();
    assertThat(notAToken.err()).contains("not an access token").hasLineCount(1);
  }
}
