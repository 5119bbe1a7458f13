package io.ddc.pallets.runtime;

import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.scale.ScaleException;
import io.ddc.pallets.scale.ScaleReader;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A decoded extrinsic of format v4: {@code Compact<len> ‖ 0x84 ‖ MultiAddress ‖ MultiSignature ‖
 * extra (Era, Compact nonce, Compact tip) ‖ call}, or {@code 0x04 ‖ call} unsigned.
 */
record Extrinsic(
    int length,
    EnumValue address,
    int signatureScheme,
    byte[] signature,
    long eraPeriod,
    long eraPhase,
    long nonce,
    BigInteger tip,
    byte[] extra,
    byte[] callBytes,
    EnumValue call) {

  boolean signed() {
    return address != null;
  }

  boolean immortal() {
    return eraPeriod == 0;
  }

  /** The first block of the era's validity for a transaction checked at block {@code current}. */
  long birth(long current) {
    if (immortal()) {
      return 0;
    }
    return (Math.max(current, eraPhase) - eraPhase) / eraPeriod * eraPeriod + eraPhase;
  }

  /** The first block at which the transaction is no longer valid. */
  long death(long current) {
    return immortal() ? Long.MAX_VALUE : birth(current) + eraPeriod;
  }

  static Extrinsic decode(CereRuntime rt, byte[] bytes) {
    ScaleReader r = new ScaleReader(bytes);
    int len = r.length();
    if (len != r.remaining()) {
      throw new ScaleException(
          "extrinsic length prefix " + len + " but " + r.remaining() + " bytes follow");
    }
    int version = r.u8();
    if ((version & 0x7f) != 4) {
      throw new ScaleException("extrinsic format version " + (version & 0x7f) + " is not 4");
    }
    if ((version & 0x80) == 0) {
      int start = r.position();
      EnumValue call = (EnumValue) rt.types.reg.decodeValue(rt.types.runtimeCall, r, 0);
      r.expectEnd();
      return new Extrinsic(
          bytes.length,
          null,
          -1,
          null,
          0,
          0,
          0,
          BigInteger.ZERO,
          new byte[0],
          Arrays.copyOfRange(bytes, start, bytes.length),
          call);
    }
    EnumValue address = (EnumValue) rt.types.reg.decodeValue(rt.types.multiAddress, r, 0);
    int scheme = r.u8();
    byte[] sig =
        switch (scheme) {
          case 0, 1 -> r.raw(64);
          case 2 -> r.raw(65);
          default -> throw new ScaleException("MultiSignature variant " + scheme);
        };
    int extraStart = r.position();
    long period = 0;
    long phase = 0;
    int e0 = r.u8();
    if (e0 != 0) {
      int encoded = e0 | (r.u8() << 8);
      period = 2L << (encoded % 16);
      long quantize = Math.max(period >> 12, 1);
      phase = (encoded >> 4) * quantize;
      if (period < 4 || phase >= period) {
        throw new ScaleException("invalid era period " + period + " phase " + phase);
      }
    }
    long nonce = r.compact();
    if (nonce > 0xffff_ffffL) {
      throw new ScaleException("nonce " + nonce + " exceeds u32");
    }
    BigInteger tip = r.compactBig();
    byte[] extra = Arrays.copyOfRange(bytes, extraStart, r.position());
    int callStart = r.position();
    EnumValue call = (EnumValue) rt.types.reg.decodeValue(rt.types.runtimeCall, r, 0);
    r.expectEnd();
    return new Extrinsic(
        bytes.length,
        address,
        scheme,
        sig,
        period,
        phase,
        nonce,
        tip,
        extra,
        Arrays.copyOfRange(bytes, callStart, bytes.length),
        call);
  }
}
