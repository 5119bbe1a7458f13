package io.ddc.cluster;

import io.ddc.crypto.Blake3;
import io.ddc.crypto.KeyAgreement;
import io.ddc.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One node's pairwise request-MAC keys (docs/spec/cluster-transfer.md §3.4): for a peer, the BLAKE3
 * of a domain, the X25519 secret both nodes derive from their ed25519 keys and the two public keys
 * in order. Keys of live members are derived once and kept; a key for any other node id is derived
 * per use and not kept, so requests naming made-up node ids cannot grow the map.
 */
final class P2pKeys {
  private static final byte[] DOMAIN = "DDC-P2P-MAC-1".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  private final KeyPair own;
  private final byte[] ownPublic;
  private final Map<String, byte[]> members = new ConcurrentHashMap<>();

  P2pKeys(KeyPair own) {
    this.own = own;
    this.ownPublic = own.publicKey();
  }

  /** The node's key pair (for the ed25519 signature of §3.1). */
  KeyPair keyPair() {
    return own;
  }

  /**
   * The MAC key shared with {@code peerId} (64 lower-case hex digits), kept when {@code isMember}
   * accepts the peer.
   *
   * @throws IllegalArgumentException when {@code peerId} is not a valid ed25519 public key
   */
  byte[] macKey(String peerId, Predicate<String> isMember) {
    byte[] known = members.get(peerId);
    if (known != null) {
      return known;
    }
    byte[] key = derive(peerId);
    if (isMember.test(peerId)) {
      members.putIfAbsent(peerId, key);
    }
    return key;
  }

  private byte[] derive(String peerId) {
    byte[] peer = HEX.parseHex(peerId);
    byte[] secret = KeyAgreement.shared(own, peer);
    boolean ownFirst = Arrays.compareUnsigned(ownPublic, peer) <= 0;
    byte[] input = new byte[DOMAIN.length + 96];
    System.arraycopy(DOMAIN, 0, input, 0, DOMAIN.length);
    System.arraycopy(secret, 0, input, DOMAIN.length, 32);
    System.arraycopy(ownFirst ? ownPublic : peer, 0, input, DOMAIN.length + 32, 32);
    System.arraycopy(ownFirst ? peer : ownPublic, 0, input, DOMAIN.length + 64, 32);
    byte[] key = Blake3.hash(input);
    Arrays.fill(secret, (byte) 0);
    Arrays.fill(input, (byte) 0);
    return key;
  }
}
