package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scripts of the conformance suite ({@code conformance/}, npm {@code
 * @cere-ddc-sdk/ddc-client} 2.16.1 pinned by its package-lock): runs them with Node.js in the
 * suite's directory. Needs Node.js and npm: the tests fail, not skip, without them; {@code npm ci}
 * runs when {@code conformance/node_modules} is absent.
 */
final class Conformance {
  static final Path SUITE = Path.of("..", "conformance").toAbsolutePath().normalize();

  /** The secret of {@link Nodes#ROOT}, the owner of the nodes' buckets, for the JS side. */
  static final String ROOT_MNEMONIC =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  private Conformance() {}

  /** What a script printed (stdout and stderr) and its exit code: -1 not started, -2 timed out. */
  record Result(int exit, String out) {}

  /** Checks that Node.js and npm run and installs the suite's packages when they are missing. */
  static void install(Path scratch) throws Exception {
    for (String tool : List.of("node", "npm")) {
      Result version = exec(scratch, 120, Map.of(), tool, "--version");
      assertThat(version.exit())
          .as(tool + " is needed to run the official client: " + version.out())
          .isZero();
    }
    if (!Files.isDirectory(SUITE.resolve("node_modules/@cere-ddc-sdk/ddc-client"))) {
      Result ci = exec(scratch, 900, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
      assertThat(ci.exit()).as("npm ci:\n" + ci.out()).isZero();
    }
  }

  /**
   * Runs {@code cmd} in the suite's directory with {@code env} added to the environment, the
   * buckets' owner as the signer; output goes through a file under {@code scratch}.
   */
  static Result exec(Path scratch, long timeoutSeconds, Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "conformance-", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(SUITE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("DDC_SCHEME", "sr25519");
    pb.environment().put("DDC_OWNER_URI", ROOT_MNEMONIC);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException notInstalled) {
      return new Result(-1, cmd[0] + " could not be started: " + notInstalled.getMessage());
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Result(-2, Files.readString(out, StandardCharsets.UTF_8) + "\n(timed out)");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  /**
   * The JSON a script printed on its last line starting with {@code prefix}; fails with its output
   * when it exited non-zero or printed none.
   */
  static JsonObject result(Result r, String script, String prefix) {
    assertThat(r.exit()).as(script + ":\n" + r.out()).isZero();
    return r.out()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .reduce((a, b) -> b)
        .map(l -> new JsonObject(l.substring(prefix.length())))
        .orElseThrow(() -> new AssertionError("no result from " + script + ":\n" + r.out()));
  }
}
