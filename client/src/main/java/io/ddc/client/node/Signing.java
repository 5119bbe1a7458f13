package io.ddc.client.node;

import com.google.protobuf.ByteString;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.protocol.proto.common.Signature;

/** The protocol's {@code common.Signature} made by a key pair over exact bytes. */
final class Signing {
  private Signing() {}

  static Signature sign(KeyPair key, byte[] message) {
    return Signature.newBuilder()
        .setAlgorithm(
            key.scheme() == KeyScheme.SR25519
                ? Signature.Algorithm.SR_25519
                : Signature.Algorithm.ED_25519)
        .setSigner(ByteString.copyFrom(key.publicKey()))
        .setValue(ByteString.copyFrom(key.sign(message)))
        .build();
  }
}
