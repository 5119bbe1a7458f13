package io.ddc.crypto;

import java.nio.charset.StandardCharsets;

/**
 * The subset of STROBE-128 (v1.0.2, rate 166) that Merlin transcripts use: {@code meta_ad}, {@code
 * ad}, {@code prf} and {@code key}, as specified in docs/spec/node-protocol.md 6.4.
 */
final class Strobe128 {
  private static final int R = 166;
  private static final int FLAG_I = 1;
  private static final int FLAG_A = 2;
  private static final int FLAG_C = 4;
  private static final int FLAG_M = 16;
  private static final int FLAG_K = 32;

  private final byte[] state;
  private int pos;
  private int posBegin;
  private int curFlags;

  Strobe128(byte[] label) {
    state = new byte[200];
    byte[] init = {1, (byte) (R + 2), 1, 0, 1, 96};
    System.arraycopy(init, 0, state, 0, init.length);
    byte[] version = "STROBEv1.0.2".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(version, 0, state, 6, version.length);
    Keccak1600.permute(state);
    metaAd(label, false);
  }

  private Strobe128(Strobe128 other) {
    state = other.state.clone();
    pos = other.pos;
    posBegin = other.posBegin;
    curFlags = other.curFlags;
  }

  Strobe128 copy() {
    return new Strobe128(this);
  }

  void metaAd(byte[] data, boolean more) {
    beginOp(FLAG_M | FLAG_A, more);
    absorb(data);
  }

  void ad(byte[] data, boolean more) {
    beginOp(FLAG_A, more);
    absorb(data);
  }

  byte[] prf(int n) {
    beginOp(FLAG_I | FLAG_A | FLAG_C, false);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = state[pos];
      state[pos] = 0;
      pos++;
      if (pos == R) {
        runF();
      }
    }
    return out;
  }

  void key(byte[] data, boolean more) {
    beginOp(FLAG_A | FLAG_C, more);
    for (byte b : data) {
      state[pos] = b;
      pos++;
      if (pos == R) {
        runF();
      }
    }
  }

  private void absorb(byte[] data) {
    for (byte b : data) {
      state[pos] ^= b;
      pos++;
      if (pos == R) {
        runF();
      }
    }
  }

  private void runF() {
    state[pos] ^= (byte) posBegin;
    state[pos + 1] ^= 0x04;
    state[R + 1] ^= (byte) 0x80;
    Keccak1600.permute(state);
    pos = 0;
    posBegin = 0;
  }

  private void beginOp(int flags, boolean more) {
    if (more) {
      if (flags != curFlags) {
        throw new IllegalStateException("STROBE: continued operation with different flags");
      }
      return;
    }
    int old = posBegin;
    posBegin = pos + 1;
    curFlags = flags;
    absorb(new byte[] {(byte) old, (byte) flags});
    if ((flags & (FLAG_C | FLAG_K)) != 0 && pos != 0) {
      runF();
    }
  }
}
