package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and signatures against {@code @polkadot/keyring} and {@code @polkadot/util-crypto} 13.5.9
 * (pinned in {@code src/test/js/package-lock.json}, installed with {@code npm ci} on first use):
 * for random mnemonics, seeds and dev URIs with and without derivation paths, in both schemes, the
 * public keys agree, Java's signatures verify in polkadot-js and polkadot-js's verify in Java.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PolkadotJsCrossTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Path JS = Path.of("src", "test", "js").toAbsolutePath();
  private static final String[] SR_PATHS = {
    "", "//hard", "//hard/soft", "/soft", "//1//2", "/0/1//x", "///secret", "//Alice/0///pw"
  };
  private static final String[] ED_PATHS = {"", "//hard", "//1//2", "///secret", "//Alice//0///pw"};

  private record Case(
      KeyScheme scheme,
      String suri,
      byte[] publicKey,
      List<byte[]> messages,
      List<byte[]> signatures) {}

  @Test
  void keysAndSignaturesAgreeWithPolkadotJs(@TempDir Path tmp) throws Exception {
    npmCi();
    Random random = new Random(20261129);
    List<String> suris = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      suris.add(Keys.generateMnemonic(i % 2 == 0 ? 12 : 24));
    }
    List<Case> cases = new ArrayList<>();
    int n = 0;
    for (String mnemonic : suris) {
      cases.add(newCase(KeyScheme.SR25519, mnemonic + SR_PATHS[n % SR_PATHS.length], random));
      cases.add(newCase(KeyScheme.ED25519, mnemonic + ED_PATHS[n % ED_PATHS.length], random));
      n++;
    }
    for (String dev : new String[] {"//Alice", "//Bob//stash", "//Alice/soft", "//Charlie//0"}) {
      cases.add(newCase(KeyScheme.SR25519, dev, random));
    }
    for (String dev : new String[] {"//Alice", "//Bob//stash"}) {
      cases.add(newCase(KeyScheme.ED25519, dev, random));
    }
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    cases.add(newCase(KeyScheme.SR25519, "0x" + HEX.formatHex(seed) + "//x/y", random));
    cases.add(newCase(KeyScheme.ED25519, "0x" + HEX.formatHex(seed) + "//x", random));

    StringBuilder in = new StringBuilder();
    for (Case c : cases) {
      in.append("case ")
          .append(c.scheme().displayName())
          .append(' ')
          .append(HEX.formatHex(c.suri().getBytes(StandardCharsets.UTF_8)))
          .append('\n');
      for (int m = 0; m < c.messages().size(); m++) {
        in.append("msg ")
            .append(HEX.formatHex(c.messages().get(m)))
            .append(' ')
            .append(HEX.formatHex(c.signatures().get(m)))
            .append('\n');
      }
    }
    Path input = tmp.resolve("cases.txt");
    Files.writeString(input, in);
    String out = run(tmp, 300, "node", "cross.mjs", input.toString());

    Map<String, String> results = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length >= 3) {
        results.put(String.join(" ", java.util.Arrays.copyOf(f, f.length - 1)), f[f.length - 1]);
      }
    }
    int messages = 0;
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      String what = c.scheme() + " case " + i;
      assertThat(results.get("pub " + i))
          .as(what + " public key")
          .isEqualTo(HEX.formatHex(c.publicKey()));
      for (int m = 0; m < c.messages().size(); m++) {
        assertThat(results.get("ok " + i + " " + m))
            .as(what + " Java signature in polkadot-js")
            .isEqualTo("true");
        byte[] jsSig = HEX.parseHex(results.get("sig " + i + " " + m));
        assertThat(Signatures.verify(c.scheme(), c.publicKey(), c.messages().get(m), jsSig))
            .as(what + " polkadot-js signature in Java")
            .isTrue();
        messages++;
      }
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(54);
    assertThat(messages).isGreaterThanOrEqualTo(500);
  }

  private static Case newCase(KeyScheme scheme, String suri, Random random) {
    KeyPair pair = Keys.fromUri(suri, scheme);
    List<byte[]> messages = new ArrayList<>();
    List<byte[]> signatures = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      byte[] msg = new byte[random.nextInt(m == 0 ? 1 : 300)];
      random.nextBytes(msg);
      messages.add(msg);
      signatures.add(pair.sign(msg));
    }
    return new Case(scheme, suri, pair.publicKey(), messages, signatures);
  }

  private static void npmCi() throws Exception {
    assumeTrue(exitCode("node", "--version") == 0, "node is not installed");
    if (!Files.isDirectory(JS.resolve("node_modules/@polkadot/keyring"))) {
      run(Files.createTempDirectory("npm-ci"), 600, "npm", "ci", "--no-audit", "--no-fund");
    }
  }

  private static int exitCode(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** Runs {@code cmd} in the script directory; returns stdout or fails with both streams. */
  private static String run(Path tmp, long timeoutSeconds, String... cmd) throws Exception {
    File stdout = tmp.resolve("stdout.txt").toFile();
    File stderr = tmp.resolve("stderr.txt").toFile();
    Process p =
        new ProcessBuilder(cmd)
            .directory(JS.toFile())
            .redirectOutput(stdout)
            .redirectError(stderr)
            .start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(stdout.toPath());
    assertThat(done && p.exitValue() == 0)
        .as(
            "%s exited abnormally:%n%s%n%s",
            String.join(" ", cmd), out, Files.readString(stderr.toPath()))
        .isTrue();
    return out;
  }
}
