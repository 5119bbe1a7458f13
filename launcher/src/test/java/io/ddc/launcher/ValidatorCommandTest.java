package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorCommandTest {
  record Run(int exit, String err) {}

  static Run run(String... args) {
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = DdcCommand.newCommandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(cl.execute(args), err.toString());
  }

  static final String CLUSTER = "0x" + "00".repeat(20);

  /** {@code ddc validator --chain ws://127.0.0.1:1} (nothing listens there) plus {@code rest}. */
  static Run validator(String... rest) {
    List<String> args = new ArrayList<>(List.of("validator", "--chain", "ws://127.0.0.1:1"));
    args.addAll(List.of(rest));
    return run(args.toArray(String[]::new));
  }

  @Test
  void parsesDurations() {
    assertThat(ValidatorCommand.duration("--poll", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ValidatorCommand.duration("--poll", "5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ValidatorCommand.duration("--poll", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ValidatorCommand.duration("--poll", "PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> ValidatorCommand.duration("--poll", "soon"))
        .hasMessageContaining("--poll takes a duration");
  }

  @Test
  void aKeyIsRequiredAndOnlyOne() {
    Run none = validator("--cluster", CLUSTER);
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("--key");
    Run both = validator("--cluster", CLUSTER, "--key", "//Validator1", "--key-file", "k.json");
    assertThat(both.exit()).isEqualTo(2);
  }

  @Test
  void aBadClusterIdIsOneClearLine() {
    Run r = validator("--cluster", "0x01", "--key", "//V");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("ddc: --cluster is a 20-byte id").hasLineCount(1);
  }

  @Test
  void anUnreachableChainIsOneClearLine() {
    Run r = validator("--cluster", CLUSTER, "--key", "//Validator1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("ddc: cannot reach the chain at ws://127.0.0.1:1")
        .hasLineCount(1);
  }

  /** Runs {@code ddc validator} with {@code env} as its environment and no options. */
  static Run withEnvironment(java.util.Map<String, String> env) {
    ValidatorCommand c = new ValidatorCommand();
    c.env = env;
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = new picocli.CommandLine(c);
    cl.setExecutionExceptionHandler(new DdcCommand.OneLineErrors());
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(cl.execute(), err.toString());
  }

  @Test
  void eachMissingSettingNamesBothItsOptionAndItsVariable() {
    Run noChain = withEnvironment(java.util.Map.of());
    assertThat(noChain.exit()).isEqualTo(2);
    assertThat(noChain.err()).contains("--chain").contains("BLOCKCHAIN_URL");
    Run noCluster = withEnvironment(java.util.Map.of("BLOCKCHAIN_URL", "ws://127.0.0.1:1"));
    assertThat(noCluster.exit()).isEqualTo(2);
    assertThat(noCluster.err()).contains("--cluster").contains("CLUSTER_ID");
    Run noKey =
        withEnvironment(
            java.util.Map.of("BLOCKCHAIN_URL", "ws://127.0.0.1:1", "CLUSTER_ID", CLUSTER));
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("--key").contains("VALIDATOR_SECRET_PHRASE");
    Run badPort =
        withEnvironment(
            java.util.Map.of(
                "BLOCKCHAIN_URL", "ws://127.0.0.1:1",
                "CLUSTER_ID", CLUSTER,
                "VALIDATOR_SECRET_PHRASE", "//Validator1",
                "HTTP_PORT", "http"));
    assertThat(badPort.exit()).isEqualTo(1);
    assertThat(badPort.err()).startsWith("ddc: HTTP_PORT is a port number").hasLineCount(1);
  }
}
