package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.chain.dev.NodeScripts;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's metadata parser, signing payloads and event decoding against polkadot-js on the
 * Substrate node's V14 metadata ({@code src/test/js/client-golden.mjs}): a runtime with {@code
 * ChargeAssetTxPayment} and {@code CheckMetadataHash}, unlike the dev line, so the metadata-driven
 * extension handling is exercised.
 */
@Timeout(120)
class ClientGoldenTest {
  private static final HexFormat HEX = HexFormat.of();
  @TempDir static Path dir;
  static JsonObject golden;
  static Metadata metadata;

  @BeforeAll
  static void load() throws Exception {
    Path file = dir.resolve("substrate-metadata.hex");
    String out = NodeScripts.node("client-golden.mjs", 90, file.toString());
    golden =
        new JsonObject(
            out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    metadata = Metadata.parse(hex(Files.readString(file).trim()));
  }

  private static byte[] hex(String s) {
    return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
  }

  @Test
  void parsesPalletsAndSignedExtensions() {
    assertThat(
            metadata.signedExtensions().stream().map(Metadata.SignedExtension::identifier).toList())
        .isEqualTo(golden.getJsonArray("signedExtensions").getList());
    assertThat(metadata.pallet("Balances").index()).isEqualTo(golden.getInteger("balancesIndex"));
    assertThat(metadata.pallet(golden.getInteger("balancesIndex")).name()).isEqualTo("Balances");
    assertThat(metadata.storage("System", "Account").hashers()).containsExactly("Blake2_128Concat");
    assertThat(metadata.extrinsicVersion()).isEqualTo(4);
  }

  @Test
  void signingPayloadsEqualPolkadotJs() {
    byte[] call = hex(golden.getString("call"));
    for (Object o : golden.getJsonArray("payloads")) {
      JsonObject p = (JsonObject) o;
      byte[] ours =
          Extrinsics.signingPayload(
              metadata,
              call,
              p.getLong("nonce"),
              BigInteger.valueOf(p.getLong("tip")),
              Era.mortal(p.getInteger("period"), p.getLong("current")),
              hex(golden.getString("blockHash")),
              hex(golden.getString("genesis")),
              100,
              2);
      assertThat("0x" + HEX.formatHex(ours)).isEqualTo(p.getString("payload"));
    }
  }

  @Test
  void signedExtrinsicLayout() {
    Signer fixed =
        new Signer() {
          @Override
          public byte[] accountId() {
            return hex("d4".repeat(32));
          }

          @Override
          public int signatureType() {
            return 1;
          }

          @Override
          public byte[] sign(byte[] payload) {
            return new byte[64];
          }
        };
    byte[] call = hex(golden.getString("call"));
    byte[] xt =
        Extrinsics.signed(
            metadata,
            fixed,
            call,
            5,
            BigInteger.ZERO,
            Era.IMMORTAL,
            hex(golden.getString("genesis")),
            hex(golden.getString("genesis")),
            100,
            2);
    ScaleInput in = new ScaleInput(xt);
    assertThat(in.compactInt()).isEqualTo(xt.length - 2);
    assertThat(in.u8()).isEqualTo(0x84);
    assertThat(in.u8()).isZero(); // MultiAddress::Id
    assertThat(in.bytes(32)).isEqualTo(fixed.accountId());
    assertThat(in.u8()).isEqualTo(1); // sr25519
    in.bytes(64);
    assertThat(in.u8()).isZero(); // immortal
    assertThat(in.compactInt()).isEqualTo(5);
    assertThat(in.compactInt()).isZero(); // tip
    assertThat(in.u8()).isZero(); // asset: None
    assertThat(in.u8()).isZero(); // metadata hash mode
    assertThat(in.bytes(in.remaining())).isEqualTo(call);
  }

  @Test
  void decodesEventsLikePolkadotJs() {
    List<EventRecord> events = metadata.decodeEvents(hex(golden.getString("events")));
    assertThat(events).hasSize(1);
    EventRecord e = events.get(0);
    assertThat(e.extrinsicIndex()).isEqualTo(1);
    assertThat(e.pallet().toLowerCase()).isEqualTo(golden.getString("eventSection"));
    assertThat(e.name()).isEqualTo(golden.getString("eventMethod"));
    Map<?, ?> fields = (Map<?, ?>) e.fields();
    assertThat((byte[]) fields.get("from")).isEqualTo(hex("d4".repeat(32)));
    assertThat((byte[]) fields.get("to")).isEqualTo(hex("8e".repeat(32)));
    assertThat(fields.get("amount").toString())
        .isEqualTo(golden.getJsonArray("eventData").getString(2));
  }

  @Test
  void moduleErrorsAreNamedFromTheMetadata() {
    int balances = metadata.pallet("Balances").index();
    Variant moduleError =
        new Variant("Module", 3, Map.of("index", balances, "error", new byte[] {2, 0, 0, 0}));
    ExtrinsicFailedException e = metadata.dispatchError(moduleError, "0x00");
    assertThat(e.pallet()).isEqualTo("Balances");
    assertThat(e.error()).isEqualTo("InsufficientBalance");
    assertThat(metadata.dispatchError(new Variant("BadOrigin", 2, null), "0x00").error())
        .isEqualTo("BadOrigin");
  }
}
