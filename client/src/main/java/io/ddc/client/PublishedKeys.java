package io.ddc.client;

import com.google.protobuf.ByteString;
import io.ddc.client.encryption.DecryptionException;
import io.ddc.client.encryption.EncryptionKeyPair;
import io.ddc.client.encryption.EncryptionKeyRecord;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Accounts' encryption keys published in a bucket (docs/spec/encryption.md §3.1): a DAG node whose
 * data is the account-signed {@link EncryptionKeyRecord}, tagged for search, named {@code
 * ddc.keys/0x<account public key>}. A key is used only after its record verifies against the
 * account it is looked up for.
 */
final class PublishedKeys {
  /** Tag marking a published key node; its value is the record format version. */
  static final String TAG_KEY = "ddc.encryption-key";

  /** Tag naming the account ({@code 0x} + 64 hex digits of its public key). */
  static final String TAG_ACCOUNT = "ddc.account";

  private PublishedKeys() {}

  /** The CNS name of an account's published key. */
  static String name(byte[] account) {
    return "ddc.keys/" + hex(account);
  }

  private static String hex(byte[] account) {
    return "0x" + HexFormat.of().formatHex(account);
  }

  /** The DAG node publishing {@code encryptionKey} for {@code account}, signed by it. */
  static Node node(KeyPair account, EncryptionKeyPair encryptionKey, long issuedAtMillis) {
    EncryptionKeyRecord r =
        EncryptionKeyRecord.sign(
            account.scheme().signatureTypeIndex(),
            account.publicKey(),
            account::sign,
            encryptionKey,
            issuedAtMillis);
    return Node.newBuilder()
        .setData(ByteString.copyFrom(r.encode()))
        .addTags(Tag.newBuilder().setKey(TAG_KEY).setValue("1"))
        .addTags(Tag.newBuilder().setKey(TAG_ACCOUNT).setValue(hex(account.publicKey())))
        .build();
  }

  /** Verifies a record's signature with the crypto module (raw or {@code <Bytes>}-wrapped). */
  static final EncryptionKeyRecord.Verifier VERIFIER =
      (scheme, publicKey, message, signature) ->
          Signatures.verifyRawOrWrapped(
              KeyScheme.ofSignatureTypeIndex(scheme), publicKey, message, signature);

  /**
   * The X25519 key {@code node} publishes for {@code account}; {@link UntrustedKeyException} when
   * the node is not a key record, is for another account, or its signature does not verify.
   */
  static byte[] verified(Node node, byte[] account, Cid where) {
    String who = hex(account);
    EncryptionKeyRecord r;
    try {
      r = EncryptionKeyRecord.parse(node.getData().toByteArray());
    } catch (DecryptionException e) {
      throw new UntrustedKeyException(
          where + " is not an encryption key record: " + e.getMessage());
    }
    if (!Arrays.equals(r.accountPublicKey(), account)) {
      throw new UntrustedKeyException(
          "the encryption key record at "
              + where
              + " is for account "
              + hex(r.accountPublicKey())
              + ", not "
              + who
              + ": refused");
    }
    if (!r.verify(VERIFIER)) {
      throw new UntrustedKeyException(
          "the encryption key record at " + where + " is not signed by " + who + ": refused");
    }
    return r.encryptionPublicKey();
  }

  /** Publishes in the bucket; the future carries the DAG node's CID. */
  static Future<Cid> publish(
      DdcClient client, long bucketId, KeyPair account, EncryptionKeyPair key, long nowMillis) {
    return client.storeDag(bucketId, node(account, key, nowMillis), name(account.publicKey()));
  }

  /** Looks up and verifies {@code account}'s published key in the bucket. */
  static Future<byte[]> lookup(DdcClient client, long bucketId, byte[] account) {
    String name = name(account);
    return client
        .resolve(bucketId, name, null)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof NameNotFoundException
                        ? new UntrustedKeyException(
                            "account "
                                + hex(account)
                                + " has published no encryption key in bucket "
                                + Long.toUnsignedString(bucketId)
                                + " (they run 'ddc publish-key --bucket "
                                + Long.toUnsignedString(bucketId)
                                + "')")
                        : e))
        .compose(
            cid ->
                client
                    .readDag(bucketId, cid.toString(), null)
                    .map(node -> verified(node, account, cid)));
  }
}
