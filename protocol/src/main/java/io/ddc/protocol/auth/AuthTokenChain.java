package io.ddc.protocol.auth;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ddc.crypto.Base58;
import io.ddc.protocol.proto.auth.AuthToken;
import io.ddc.protocol.proto.auth.Payload;
import io.ddc.protocol.proto.common.Signature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A received AuthToken and every token below it through {@code prev}, each with the exact bytes its
 * issuer signed (node-protocol.md §6.5): {@code 0x12 ‖ varint(len) ‖ payload} as received.
 *
 * <p>Parsing checks only the wire shape; the trust rules of §6.8 are the node's job.
 */
public final class AuthTokenChain {
  /** Deepest chain parsed: far above the allowed depth, it only bounds the recursion. */
  static final int MAX_PARSE_DEPTH = 16;

  /**
   * One token of the chain.
   *
   * @param signature the issuer's signature (may be the default instance when absent)
   * @param hasSignature whether field 1 was present
   * @param signedMessage the bytes the signature covers
   * @param payload the parsed grant
   */
  public record Token(
      Signature signature, boolean hasSignature, byte[] signedMessage, Payload payload) {}

  private final List<Token> tokens;
  private final byte[] encoded;

  private AuthTokenChain(List<Token> tokens, byte[] encoded) {
    this.tokens = Collections.unmodifiableList(tokens);
    this.encoded = encoded;
  }

  /** Parses the base58 text of the {@code token} metadata or a gateway {@code ?token=}. */
  public static AuthTokenChain fromBase58(String text) {
    byte[] raw;
    try {
      raw = Base58.decode(text.strip());
    } catch (RuntimeException e) {
      throw new InvalidMessageException("token is not base58: " + e.getMessage(), e);
    }
    return parse(raw);
  }

  /**
   * Parses a protobuf-encoded AuthToken.
   *
   * @throws InvalidMessageException on malformed bytes, a missing payload or a chain deeper than
   *     {@value #MAX_PARSE_DEPTH}
   */
  public static AuthTokenChain parse(byte[] raw) {
    List<Token> out = new ArrayList<>();
    byte[] current = raw;
    while (current != null) {
      if (out.size() == MAX_PARSE_DEPTH) {
        throw new InvalidMessageException("token chain deeper than " + MAX_PARSE_DEPTH);
      }
      AuthToken token;
      try {
        token = AuthToken.parseFrom(current);
      } catch (InvalidProtocolBufferException e) {
        throw new InvalidMessageException("token is not a valid AuthToken: " + e.getMessage(), e);
      }
      byte[] payloadBytes = SignedBytes.rawField(current, 2);
      if (payloadBytes == null || !token.hasPayload()) {
        throw new InvalidMessageException("token has no payload");
      }
      out.add(
          new Token(
              token.getSignature(),
              token.hasSignature(),
              signedMessage(payloadBytes),
              token.getPayload()));
      current = token.getPayload().hasPrev() ? SignedBytes.rawField(payloadBytes, 1) : null;
    }
    return new AuthTokenChain(out, raw.clone());
  }

  /** The bytes a token's issuer signs: the AuthToken with only field 2 set (§6.5). */
  static byte[] signedMessage(byte[] payloadBytes) {
    int len =
        1 + CodedOutputStream.computeUInt32SizeNoTag(payloadBytes.length) + payloadBytes.length;
    byte[] out = new byte[len];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeByteArray(2, payloadBytes);
      o.flush();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("sized exactly", e);
    }
    return out;
  }

  /** The tokens, outermost (the one received) first, the root last. */
  public List<Token> tokens() {
    return tokens;
  }

  /** The outermost token. */
  public Token outermost() {
    return tokens.get(0);
  }

  /** The root token, which the bucket owner must have signed. */
  public Token root() {
    return tokens.get(tokens.size() - 1);
  }

  /** The encoded chain as received. */
  public byte[] encoded() {
    return encoded.clone();
  }
}
