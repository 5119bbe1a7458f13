package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.dev.ChainRuntime;
import io.ddc.chain.dev.DevChain;
import io.ddc.chain.dev.DevChainOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class ChainCommandTest {
  @TempDir Path dir;

  private static ChainCommand parse(String... args) {
    ChainCommand c = new ChainCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void defaults() {
    DevChainOptions o = parse("--dev").options();
    assertThat(o.getPort()).isEqualTo(9944);
    assertThat(o.getBlockTime()).isEqualTo(Duration.ofSeconds(6));
    assertThat(o.isInstantSeal()).isFalse();
    assertThat(o.getDataDir()).isEqualTo(Path.of("dev-chain-data").toAbsolutePath());
  }

  @Test
  void optionsMapOntoTheDevChain() {
    DevChainOptions o = parse("--dev", "--port", "0", "--tmp", "--block-time", "500ms").options();
    assertThat(o.getPort()).isZero();
    assertThat(o.getDataDir()).isNull();
    assertThat(o.getBlockTime()).isEqualTo(Duration.ofMillis(500));
    assertThat(parse("--dev", "--instant-seal", "--data-dir", dir.toString()).options())
        .satisfies(
            p -> {
              assertThat(p.isInstantSeal()).isTrue();
              assertThat(p.getDataDir()).isEqualTo(dir.toAbsolutePath());
            });
  }

  @Test
  void genesisValidatorsFromAddresses() {
    byte[] v1 =
        io.ddc.crypto.Keys.fromUri("//Validator1", io.ddc.crypto.KeyScheme.SR25519).publicKey();
    byte[] v2 =
        io.ddc.crypto.Keys.fromUri("//Validator2", io.ddc.crypto.KeyScheme.SR25519).publicKey();
    DevChainOptions o =
        parse(
                "--dev",
                "--validator",
                io.ddc.crypto.Ss58.encode(v1, io.ddc.crypto.Ss58.CERE_PREFIX),
                "--validator",
                "0x" + java.util.HexFormat.of().formatHex(v2))
            .options();
    assertThat(o.getGenesisValidators()).containsExactly(v1, v2);
    assertThat(parse("--dev").options().getGenesisValidators()).isEmpty();
    assertThatThrownBy(() -> parse("--dev", "--validator", "0x1234").options())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--validator takes an SS58 address");
    assertThatThrownBy(() -> parse("--dev", "--validator", "//Validator1").options())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'//Validator1' given");
  }

  @Test
  void rejectsBadCombinationsAndValues() {
    assertThatThrownBy(() -> parse("--dev", "--tmp", "--data-dir", "x"))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThatThrownBy(() -> parse("--dev", "--instant-seal", "--block-time", "1s"))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThatThrownBy(() -> parse("--port", "1"))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThatThrownBy(() -> parse("--dev", "--block-time", "6 parsecs").options())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--block-time");
  }

  @Test
  void theOptionsStartAChainThatAnswersHttpJsonRpc() throws Exception {
    DevChainOptions o =
        parse("--dev", "--port", "0", "--data-dir", dir.toString(), "--instant-seal").options();
    // The pallet-specs model is the dev runtime the command finds (ServiceLoader).
    ChainRuntime runtime = ChainRuntime.dev();
    assertThat(runtime).isInstanceOf(io.ddc.chain.dev.PalletRuntime.class);
    try (DevChain chain = DevChain.start(o, runtime).join()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(chain.httpUri().toString()))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"number\":\"0x1\"");
      HttpResponse<String> v =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(chain.httpUri().toString()))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"state_getRuntimeVersion\",\"params\":[]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(v.body()).contains("\"specName\":\"node\"").contains("\"specVersion\":80013");
    }
  }
}
