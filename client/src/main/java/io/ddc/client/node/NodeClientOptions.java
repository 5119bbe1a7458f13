package io.ddc.client.node;

import io.ddc.crypto.KeyPair;
import io.ddc.protocol.proto.auth.AuthToken;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link NodeClient} identifies itself. Defaults: no signer (anonymous: public reads only, no
 * activity receipts), no access token, acknowledgements on whenever there is a signer, unary
 * deadline and header wait 30 s (the official client's), system clock.
 */
public final class NodeClientOptions {
  /** The official client's per-node inactivity timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private KeyPair signer;
  private AuthToken accessToken;
  private Boolean acks;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Clock clock = Clock.systemUTC();

  /**
   * The key that signs default tokens, activity requests, acknowledgements and name records; null
   * for anonymous calls.
   */
  public NodeClientOptions signer(KeyPair signer) {
    this.signer = signer;
    return this;
  }

  public KeyPair signer() {
    return signer;
  }

  /**
   * A token to send instead of the signer's default token (a bearer or wrapped delegated token).
   */
  public NodeClientOptions accessToken(AuthToken token) {
    this.accessToken = token;
    return this;
  }

  public AuthToken accessToken() {
    return accessToken;
  }

  /** Whether downloads are acknowledged; default: whenever there is a signer. */
  public NodeClientOptions acks(boolean on) {
    this.acks = on;
    return this;
  }

  public boolean acks() {
    return signer != null && (acks == null || acks);
  }

  /** Unary deadline and the longest wait for a streaming call's response headers. */
  public NodeClientOptions timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, " + timeout + " given");
    }
    this.timeout = timeout;
    return this;
  }

  public Duration timeout() {
    return timeout;
  }

  public NodeClientOptions clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public Clock clock() {
    return clock;
  }
}
