package io.ddc.pallets.runtime;

import io.ddc.crypto.Hashing;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link CereRuntime} block by block over a {@link MemoryState}, with ed25519 dev accounts
 * (//Alice … //Ferdie) so no sr25519 is needed, and builds signed v4 extrinsics.
 */
final class TestChain {
  static final BigInteger CERE = RuntimeConfig.CERE;
  final MemoryState state = new MemoryState();
  final CereRuntime rt;
  final List<KeyPair> keys = new ArrayList<>();
  long number;

  TestChain() {
    this(Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT));
  }

  /** A chain from {@code genesis}, whose endowed accounts must be the ed25519 dev accounts. */
  TestChain(Genesis genesis) {
    for (String uri : Genesis.DEV_ACCOUNTS) {
      keys.add(Keys.fromUri(uri, KeyScheme.ED25519));
    }
    rt = new CereRuntime(RuntimeConfig.dev(), genesis);
    rt.buildGenesis(state);
    begin();
  }

  KeyPair key(int i) {
    return keys.get(i);
  }

  byte[] id(int i) {
    return keys.get(i).publicKey();
  }

  /** Starts the next block on a synthetic parent hash. */
  void begin() {
    number++;
    rt.initializeBlock(
        state, number, Hashing.blake2b256(CereRuntime.u32(number - 1)), 6000 * number);
  }

  /** Ends the current block and starts block {@code n} (a jump over empty blocks). */
  void jumpTo(long n) {
    rt.finalizeBlock(state);
    number = n - 1;
    begin();
  }

  /** Applies {@code call} signed by account {@code signer} in its own block; returns its events. */
  List<Object> run(int signer, EnumValue call) {
    apply(signed(signer, call));
    return end();
  }

  /** The dispatch error of the block's failed extrinsic, or null when it succeeded. */
  static Object error(List<Object> events) {
    return names(events).contains("System.ExtrinsicFailed")
        ? field(events, "System.ExtrinsicFailed", "dispatch_error")
        : null;
  }

  /** "Pallet.Error" of a module dispatch error. */
  String moduleError(List<Object> events) {
    EnumValue e = (EnumValue) error(events);
    if (e == null) {
      return null;
    }
    if (!e.name().equals("Module")) {
      return e.name();
    }
    Map<?, ?> m = (Map<?, ?>) e.value();
    int index = ((Number) m.get("index")).intValue();
    int err = ((byte[]) m.get("error"))[0];
    for (io.ddc.pallets.metadata.PalletMetadata p : rt.runtimeMetadata().pallets()) {
      if (p.index() == index) {
        io.ddc.pallets.metadata.TypeDef.Variant v =
            (io.ddc.pallets.metadata.TypeDef.Variant)
                rt.runtimeMetadata().types().get(p.errorType()).def();
        return p.name() + "." + v.at(err).name();
      }
    }
    return "pallet#" + index;
  }

  /** Ends the block and returns its events (decoded {@code EventRecord}s). */
  List<Object> end() {
    rt.finalizeBlock(state);
    byte[] raw = state.get(rt.keys.events);
    int type = rt.meta.metadata.pallet("System").storage("Events").valueType();
    List<Object> events = (List<Object>) rt.types.reg.codec(type).fromBytes(raw);
    begin();
    return events;
  }

  /** Applies with a private layer like the dev chain: an invalid extrinsic leaves nothing. */
  void apply(byte[] xt) {
    Overlay ov = new Overlay(state);
    rt.apply(ov, xt);
    ov.commit();
  }

  static EnumValue call(String pallet, String call, Object args) {
    return new EnumValue(pallet, new EnumValue(call, args));
  }

  static EnumValue id(byte[] account) {
    return new EnumValue("Id", account);
  }

  EnumValue transferKeepAlive(int to, BigInteger value) {
    return call(
        "Balances", "transfer_keep_alive", SystemPallet.fields("dest", id(id(to)), "value", value));
  }

  byte[] encodeCall(EnumValue call) {
    ScaleWriter w = new ScaleWriter();
    rt.types.reg.encodeValue(rt.types.runtimeCall, call, w);
    return w.toByteArray();
  }

  byte[] signed(int signer, EnumValue call) {
    return signed(key(signer), call, rt.accountNonce(state, id(signer)), BigInteger.ZERO);
  }

  /** An immortal signed extrinsic. */
  byte[] signed(KeyPair k, EnumValue call, long nonce, BigInteger tip) {
    byte[] callBytes = encodeCall(call);
    byte[] extra = new ScaleWriter().u8(0).compact(nonce).compact(tip).toByteArray();
    byte[] genesis = state.get(rt.blockHashKey(0));
    ScaleWriter p = new ScaleWriter();
    p.raw(callBytes)
        .raw(extra)
        .u32(rt.config.specVersion())
        .u32(rt.config.transactionVersion())
        .raw(genesis)
        .raw(genesis);
    byte[] payload = p.toByteArray();
    byte[] sig = k.sign(payload.length > 256 ? Hashing.blake2b256(payload) : payload);
    ScaleWriter body = new ScaleWriter();
    body.u8(0x84)
        .u8(0)
        .raw(k.publicKey())
        .u8(k.scheme() == KeyScheme.ED25519 ? 0 : 1)
        .raw(sig)
        .raw(extra)
        .raw(callBytes);
    byte[] b = body.toByteArray();
    return new ScaleWriter().bytes(b).toByteArray();
  }

  AccountInfo account(int i) {
    return rt.account(state, id(i));
  }

  BigInteger free(int i) {
    return account(i).free();
  }

  /** "Pallet.Event" names of the events in order. */
  static List<String> names(List<Object> events) {
    List<String> out = new ArrayList<>();
    for (Object o : events) {
      EnumValue e = (EnumValue) ((Map<?, ?>) o).get("event");
      out.add(e.name() + "." + ((EnumValue) e.value()).name());
    }
    return out;
  }

  static Object field(List<Object> events, String name, String field) {
    for (Object o : events) {
      EnumValue e = (EnumValue) ((Map<?, ?>) o).get("event");
      EnumValue inner = (EnumValue) e.value();
      if ((e.name() + "." + inner.name()).equals(name)) {
        return ((Map<?, ?>) inner.value()).get(field);
      }
    }
    throw new AssertionError("no " + name + " in " + names(events));
  }
}
