package io.ddc.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP39 mnemonics (English word list) with Substrate's seed rule: the 64-byte seed is
 * PBKDF2-HMAC-SHA512 over the mnemonic's <em>entropy</em> (not its words), 2048 rounds, salt {@code
 * "mnemonic" + password}.
 */
final class Bip39 {
  private static final List<String> WORDS = loadWords();
  private static final Map<String, Integer> INDEX = index(WORDS);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Bip39() {}

  static String generate(int words) {
    byte[] entropy = new byte[entropyLength(words)];
    RANDOM.nextBytes(entropy);
    return fromEntropy(entropy);
  }

  static int entropyLength(int words) {
    if (words < 12 || words > 24 || words % 3 != 0) {
      throw new IllegalArgumentException(
          "a mnemonic has 12, 15, 18, 21 or 24 words, " + words + " requested");
    }
    return words * 4 / 3;
  }

  static String fromEntropy(byte[] entropy) {
    int words = entropy.length * 3 / 4;
    entropyLength(words);
    byte[] withChecksum = java.util.Arrays.copyOf(entropy, entropy.length + 1);
    withChecksum[entropy.length] = sha256(entropy)[0];
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words; w++) {
      int index = 0;
      for (int b = 0; b < 11; b++) {
        index = (index << 1) | bitAt(withChecksum, w * 11 + b);
      }
      if (w > 0) {
        sb.append(' ');
      }
      sb.append(WORDS.get(index));
    }
    return sb.toString();
  }

  /**
   * The entropy encoded by {@code mnemonic}.
   *
   * @throws InvalidSecretException for a wrong word count, an unknown word or a bad checksum
   */
  static byte[] entropy(String mnemonic) {
    String[] words = Normalizer.normalize(mnemonic, Normalizer.Form.NFKD).trim().split("\\s+");
    if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
      throw new InvalidSecretException(
          "a mnemonic has 12, 15, 18, 21 or 24 words, this one has " + words.length);
    }
    int totalBits = words.length * 11;
    byte[] bits = new byte[(totalBits + 7) / 8];
    for (int w = 0; w < words.length; w++) {
      Integer index = INDEX.get(words[w]);
      if (index == null) {
        throw new InvalidSecretException(
            "mnemonic word " + (w + 1) + " is not in the BIP39 English list");
      }
      for (int b = 0; b < 11; b++) {
        if ((index >> (10 - b) & 1) != 0) {
          int bit = w * 11 + b;
          bits[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
      }
    }
    int entropyBytes = words.length * 4 / 3;
    byte[] entropy = java.util.Arrays.copyOf(bits, entropyBytes);
    byte[] hash = sha256(entropy);
    int checksumBits = entropyBytes / 4;
    for (int i = 0; i < checksumBits; i++) {
      if (bitAt(bits, entropyBytes * 8 + i) != bitAt(hash, i)) {
        throw new InvalidSecretException("mnemonic checksum mismatch");
      }
    }
    return entropy;
  }

  /** Substrate's {@code seed_from_entropy}: 64 bytes; the mini-secret is the first 32. */
  static byte[] seedFromEntropy(byte[] entropy, String password) {
    if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
      throw new InvalidSecretException("mnemonic entropy must be 16..32 bytes in steps of 4");
    }
    String salt = "mnemonic" + Normalizer.normalize(password, Normalizer.Form.NFKD);
    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA512Digest());
    gen.init(entropy, salt.getBytes(StandardCharsets.UTF_8), 2048);
    return ((KeyParameter) gen.generateDerivedParameters(512)).getKey();
  }

  private static int bitAt(byte[] data, int bit) {
    return (data[bit / 8] >> (7 - bit % 8)) & 1;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static List<String> loadWords() {
    try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
      if (in == null) {
        throw new IllegalStateException("bip39-english.txt is missing from the class path");
      }
      List<String> words = new ArrayList<>(2048);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          words.add(line.strip());
        }
      }
      if (words.size() != 2048) {
        throw new IllegalStateException(
            "the BIP39 word list has " + words.size() + " words, not 2048");
      }
      return List.copyOf(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Integer> index(List<String> words) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      m.put(words.get(i), i);
    }
    return Map.copyOf(m);
  }
}
