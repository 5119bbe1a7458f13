package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the npm conformance scripts of {@code src/test/js} (installing them with {@code npm ci} on
 * first use).
 */
public final class NodeScripts {
  static final Path DIR = Path.of("src", "test", "js").toAbsolutePath();

  private NodeScripts() {}

  /** Output of a finished process. */
  record Result(int exit, String stdout, String stderr) {}

  public static synchronized void ensureInstalled() throws Exception {
    assumeTrue(exec(List.of("node", "--version"), 30).exit() == 0, "node is not installed");
    if (!Files.isDirectory(DIR.resolve("node_modules").resolve("@polkadot").resolve("api"))) {
      Result r = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
      if (r.exit() != 0) {
        fail("npm ci failed in " + DIR + ":\n" + r.stdout() + "\n" + r.stderr());
      }
    }
  }

  /**
   * Runs {@code node script args…}; fails the test with the script's output when it exits non-zero.
   */
  public static String node(String script, long timeoutSeconds, String... args) throws Exception {
    ensureInstalled();
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(args));
    Result r = exec(cmd, timeoutSeconds);
    if (r.exit() != 0) {
      fail(
          "node "
              + script
              + " failed (exit "
              + r.exit()
              + "):\n--- stdout\n"
              + r.stdout()
              + "\n--- stderr\n"
              + r.stderr());
    }
    return r.stdout();
  }

  private static Result exec(List<String> cmd, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("ddc-node-", ".out");
    Path err = Files.createTempFile("ddc-node-", ".err");
    try {
      Process p;
      try {
        p =
            new ProcessBuilder(cmd)
                .directory(DIR.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
      } catch (IOException e) {
        return new Result(-1, "", e.toString());
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(
            -2,
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8)
                + "\n(timed out after "
                + timeoutSeconds
                + " s)");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
