package io.ddc.chain.client;

/**
 * A transaction's mortality ({@code sp_runtime::generic::Era}): immortal ({@code 0x00}) or mortal
 * for {@code period} blocks from a checkpoint, encoded in two bytes.
 */
public record Era(int period, int phase) {
  /** The immortal era. */
  public static final Era IMMORTAL = new Era(0, 0);

  /**
   * A mortal era of (at least) {@code period} blocks starting at block {@code current}, as
   * Substrate computes it: the period rounds up to a power of two in 4..65536 and the phase is
   * quantized.
   */
  public static Era mortal(long period, long current) {
    long p = Long.highestOneBit(Math.max(period, 4) - 1) << 1;
    p = Math.min(Math.max(p, 4), 1 << 16);
    long phase = current % p;
    long quantize = Math.max(p >> 12, 1);
    long quantized = phase / quantize * quantize;
    return new Era((int) p, (int) quantized);
  }

  public boolean isImmortal() {
    return period == 0;
  }

  /** SCALE bytes: {@code 0x00}, or two bytes for a mortal era. */
  public byte[] encode() {
    if (isImmortal()) {
      return new byte[] {0};
    }
    int quantize = Math.max(period >> 12, 1);
    int tz = Integer.numberOfTrailingZeros(period);
    int encoded = Math.min(15, Math.max(1, tz - 1)) | ((phase / quantize) << 4);
    return new byte[] {(byte) encoded, (byte) (encoded >>> 8)};
  }

  /**
   * The block whose hash the signature commits to, for a transaction signed at block {@code
   * current}.
   */
  public long birth(long current) {
    if (isImmortal()) {
      return 0;
    }
    return (Math.max(current, phase) - phase) / period * period + phase;
  }
}
