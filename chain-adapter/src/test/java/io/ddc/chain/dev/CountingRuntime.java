package io.ddc.chain.dev;

import java.util.HexFormat;
import java.util.List;

/**
 * A test double for {@link ChainRuntime} (not a model of any pallet): an extrinsic is {@code
 * [account, nonce, payload…]}; applying it bumps the account's nonce and stores the payload under
 * {@code "x" ‖ payload}. A payload starting with {@code 0xbb} has a "bad signature". Enough to
 * exercise the server: pool tags, blocks, state, history.
 */
final class CountingRuntime implements ChainRuntime {
  static final byte[] NUMBER_KEY = {'n', 'u', 'm'};

  static byte[] nonceKey(int account) {
    return new byte[] {'n', (byte) account};
  }

  static byte[] payloadKey(byte[] payload) {
    byte[] k = new byte[payload.length + 1];
    k[0] = 'x';
    System.arraycopy(payload, 0, k, 1, payload.length);
    return k;
  }

  static byte[] xt(int account, int nonce, int... payload) {
    byte[] x = new byte[2 + payload.length];
    x[0] = (byte) account;
    x[1] = (byte) nonce;
    for (int i = 0; i < payload.length; i++) {
      x[2 + i] = (byte) payload[i];
    }
    return x;
  }

  @Override
  public byte[] version() {
    // specName "node", implName "substrate-node", authoring 10, spec 7, impl 0, one api, tx 3,
    // system 1
    return HexFormat.of()
        .parseHex(
            "106e6f6465387375627374726174652d6e6f64650a000000070000000000000004df6acb689907609b050000000300000001");
  }

  @Override
  public byte[] metadata() {
    // "meta", V14, no types, no pallets, extrinsic type 0, version 4, no signed extensions, runtime
    // type 0
    return HexFormat.of().parseHex("6d6574610e000000040000");
  }

  @Override
  public void buildGenesis(KvStore state) {
    state.put(nonceKey(1), new byte[] {0});
    state.put(nonceKey(2), new byte[] {0});
  }

  @Override
  public void initializeBlock(KvStore state, long number, byte[] parentHash, long timestampMillis) {
    state.put(NUMBER_KEY, new byte[] {(byte) number, (byte) (number >>> 8)});
  }

  @Override
  public Applied apply(KvStore state, byte[] x) {
    long nonce = accountNonce(state, new byte[] {x[0]});
    if ((x[1] & 0xff) != nonce) {
      return new Applied("nonce " + (x[1] & 0xff) + " where " + nonce + " is next", false);
    }
    state.put(nonceKey(x[0]), new byte[] {(byte) (nonce + 1)});
    byte[] payload = java.util.Arrays.copyOfRange(x, 2, x.length);
    state.put(payloadKey(payload), payload);
    return Applied.OK;
  }

  @Override
  public void finalizeBlock(KvStore state) {}

  @Override
  public Valid validate(KvStore state, byte[] x) {
    if (x.length < 2) {
      throw new IllegalArgumentException("extrinsic of " + x.length + " bytes");
    }
    if (x.length > 2 && (x[2] & 0xff) == 0xbb) {
      throw new Refusal(1010, "Transaction has a bad signature");
    }
    long nonce = accountNonce(state, new byte[] {x[0]});
    int n = x[1] & 0xff;
    if (n < nonce) {
      throw new Refusal(1010, "Transaction is outdated");
    }
    byte[] acct = new byte[32];
    acct[31] = x[0];
    return new Valid(
        0, n > nonce ? List.of(nonceTag(acct, n - 1)) : List.of(), List.of(nonceTag(acct, n)));
  }

  @Override
  public byte[] call(KvStore state, String method, byte[] args) {
    if (method.equals("echo")) {
      return args;
    }
    throw new IllegalArgumentException("unknown runtime API " + method);
  }

  @Override
  public long accountNonce(KvStore state, byte[] accountId) {
    byte[] v = state.get(nonceKey(accountId[accountId.length - 1]));
    return v == null ? 0 : v[0] & 0xff;
  }
}
