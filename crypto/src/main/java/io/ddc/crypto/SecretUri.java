package io.ddc.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Substrate secret URI: {@code [phrase or 0x seed][//hard | /soft]*[///password]}. An
 * absent phrase means Substrate's development phrase.
 */
record SecretUri(String phrase, List<Junction> path, String password) {
  static final String DEV_PHRASE =
      "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

  private static final Pattern JUNCTION = Pattern.compile("/(/?)([^/]+)");
  private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]+");

  /** One derivation step: hard ({@code //x}) or soft ({@code /x}) with its 32-byte chain code. */
  record Junction(boolean hard, byte[] chainCode) {}

  static SecretUri parse(String suri) {
    String rest = suri;
    String password = "";
    int pw = rest.indexOf("///");
    if (pw >= 0) {
      password = rest.substring(pw + 3);
      rest = rest.substring(0, pw);
    }
    int slash = rest.indexOf('/');
    String phrase = (slash < 0 ? rest : rest.substring(0, slash)).strip();
    String pathText = slash < 0 ? "" : rest.substring(slash);
    List<Junction> path = new ArrayList<>();
    Matcher m = JUNCTION.matcher(pathText);
    int at = 0;
    while (at < pathText.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new InvalidSecretException(
            "secret URI: bad derivation path at character " + (slash + at + 1));
      }
      path.add(new Junction(!m.group(1).isEmpty(), chainCode(m.group(2))));
      at = m.end();
    }
    if (phrase.isEmpty()) {
      phrase = DEV_PHRASE;
    }
    return new SecretUri(phrase, List.copyOf(path), password);
  }

  /**
   * Substrate's {@code DeriveJunction}: a decimal number is SCALE-encoded as a {@code u64}, any
   * other text as a SCALE string; encodings longer than 32 bytes are hashed with blake2b-256,
   * shorter ones are zero-padded.
   */
  static byte[] chainCode(String junction) {
    byte[] encoded = null;
    if (NUMBER.matcher(junction).matches()) {
      try {
        long n =
            Long.parseUnsignedLong(junction.startsWith("+") ? junction.substring(1) : junction);
        encoded = new byte[8];
        for (int i = 0; i < 8; i++) {
          encoded[i] = (byte) (n >>> (8 * i));
        }
      } catch (NumberFormatException tooLarge) {
        encoded = null;
      }
    }
    if (encoded == null) {
      encoded = scaleBytes(junction.getBytes(StandardCharsets.UTF_8));
    }
    if (encoded.length > 32) {
      return Hashing.blake2b256(encoded);
    }
    byte[] cc = new byte[32];
    System.arraycopy(encoded, 0, cc, 0, encoded.length);
    return cc;
  }

  /** SCALE {@code Vec<u8>}/{@code str}: compact length, then the bytes. */
  static byte[] scaleBytes(byte[] data) {
    int n = data.length;
    byte[] prefix;
    if (n < 1 << 6) {
      prefix = new byte[] {(byte) (n << 2)};
    } else if (n < 1 << 14) {
      int v = (n << 2) | 1;
      prefix = new byte[] {(byte) v, (byte) (v >>> 8)};
    } else if (n < 1 << 30) {
      int v = (n << 2) | 2;
      prefix = new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    } else {
      throw new IllegalArgumentException("too long for a compact length: " + n);
    }
    byte[] out = new byte[prefix.length + n];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(data, 0, out, prefix.length, n);
    return out;
  }

  @Override
  public String toString() {
    return "SecretUri[***, " + path.size() + " junctions]";
  }
}
