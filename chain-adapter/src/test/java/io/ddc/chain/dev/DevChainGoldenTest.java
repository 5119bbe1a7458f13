package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.chain.client.Era;
import io.ddc.chain.client.Extrinsics;
import io.ddc.chain.client.Metadata;
import io.ddc.chain.client.StorageKeys;
import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.StorageKey;
import io.ddc.pallets.scale.ScaleWriter;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden encodings: polkadot-js, decorated from the dev chain's metadata ({@code golden.mjs}),
 * builds the same call bytes as the runtime model's type registry, the same storage keys, and the
 * same signing payloads as our client.
 */
@Timeout(180)
class DevChainGoldenTest {
  private static final HexFormat HEX = HexFormat.of();
  @TempDir Path dataDir;

  private static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  private static byte[] unhex(String s) {
    return HEX.parseHex(s.substring(2));
  }

  private static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  private static EnumValue call(String pallet, String call, Object args) {
    return new EnumValue(pallet, new EnumValue(call, args));
  }

  @Test
  void polkadotJsEncodesLikeTheModelAndTheClient() throws Exception {
    NodeScripts.ensureInstalled();
    PalletRuntime runtime = (PalletRuntime) ChainRuntime.dev();
    CereRuntime model = runtime.model();
    JsonObject g;
    byte[] genesis;
    try (DevChain chain =
        DevChain.start(
                new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir), runtime)
            .join()) {
      genesis = chain.genesisHash();
      String out = NodeScripts.node("golden.mjs", 120, chain.wsUri().toString());
      g = new JsonObject(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }
    assertThat(g.getString("genesis")).isEqualTo(hex(genesis));
    byte[] bob = unhex(g.getString("bob"));
    byte[] alice = unhex(g.getString("alice"));
    EnumValue dest = new EnumValue("Id", bob);
    EnumValue t1 =
        call(
            "Balances", "transfer_keep_alive", m("dest", dest, "value", BigInteger.valueOf(12345)));
    EnumValue t2 =
        call("Balances", "transfer_allow_death", m("dest", dest, "value", BigInteger.TEN.pow(20)));
    EnumValue set =
        call("Balances", "force_set_balance", m("who", dest, "new_free", BigInteger.TEN.pow(12)));
    Map<String, EnumValue> calls = new LinkedHashMap<>();
    calls.put("transferKeepAlive", t1);
    calls.put("transferAllowDeath", t2);
    calls.put(
        "transferAll", call("Balances", "transfer_all", m("dest", dest, "keep_alive", false)));
    calls.put("forceSetBalance", set);
    calls.put("batch", call("Utility", "batch", m("calls", List.of(t1, t2))));
    calls.put("batchAll", call("Utility", "batch_all", m("calls", List.of(t1, t2))));
    calls.put("forceBatch", call("Utility", "force_batch", m("calls", List.of(t1))));
    calls.put("sudo", call("Sudo", "sudo", m("call", set)));
    int callType = model.runtimeMetadata().extrinsicType();
    int runtimeCall = model.runtimeMetadata().types().get(callType).params().get(1).type();
    JsonObject want = g.getJsonObject("calls");
    for (Map.Entry<String, EnumValue> e : calls.entrySet()) {
      ScaleWriter w = new ScaleWriter();
      model.runtimeMetadata().types().encodeValue(runtimeCall, e.getValue(), w);
      assertThat(hex(w.toByteArray())).as(e.getKey()).isEqualTo(want.getString(e.getKey()));
    }

    JsonObject keys = g.getJsonObject("keys");
    assertThat(
            hex(
                StorageKey.map(
                    StorageKey.plain("System", "Account"), Hasher.BLAKE2_128_CONCAT, alice)))
        .isEqualTo(keys.getString("systemAccountAlice"))
        .isEqualTo(hex(StorageKeys.systemAccount(alice)));
    assertThat(hex(StorageKey.plain("System", "Number"))).isEqualTo(keys.getString("systemNumber"));
    assertThat(hex(StorageKey.plain("System", "Events"))).isEqualTo(keys.getString("systemEvents"));
    assertThat(hex(StorageKey.plain("Balances", "TotalIssuance")))
        .isEqualTo(keys.getString("totalIssuance"));
    assertThat(
            hex(
                StorageKey.map(
                    StorageKey.plain("System", "BlockHash"), Hasher.TWOX_64_CONCAT, new byte[4])))
        .isEqualTo(keys.getString("blockHash0"));

    Metadata md = Metadata.parse(model.metadata());
    long spec = g.getLong("specVersion");
    long tx = g.getLong("transactionVersion");
    assertThat(spec).isEqualTo(model.config().specVersion());
    assertThat(tx).isEqualTo(model.config().transactionVersion());
    for (Object o : g.getJsonArray("payloads")) {
      JsonObject p = (JsonObject) o;
      Era era = Era.mortal(p.getLong("period"), p.getLong("current"));
      assertThat(hex(era.encode())).isEqualTo(p.getString("era"));
      byte[] payload =
          Extrinsics.signingPayload(
              md,
              unhex(p.getString("call")),
              p.getLong("nonce"),
              BigInteger.valueOf(p.getLong("tip")),
              era,
              unhex(p.getString("blockHash")),
              genesis,
              spec,
              tx);
      byte[] js = unhex(p.getString("payload"));
      assertThat(hex(payload))
          .isEqualTo(hex(js.length > 256 ? io.ddc.crypto.Hashing.blake2b256(js) : js));
    }
  }
}
