package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code ddc} commands in process, as a user would, against a devnet's description ({@code
 * --devnet FILE} is added to every command but {@code account}), capturing stdout and stderr.
 */
final class DdcCli {
  /** One command's exit code and output. */
  record Run(int exit, String out, String err) {
    JsonObject json() {
      return new JsonObject(out.strip());
    }
  }

  private final Path descriptor;

  DdcCli(Path descriptor) {
    this.descriptor = descriptor;
  }

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--devnet") && !args[0].equals("account")) {
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

  /** Runs a command that must succeed. */
  Run ok(String... args) {
    Run r = run(args);
    assertThat(r.exit())
        .as("ddc %s\nstdout: %s\nstderr: %s", List.of(args), r.out(), r.err())
        .isZero();
    return r;
  }
}
