package io.ddc.client;

import com.google.protobuf.ByteString;
import io.ddc.client.encryption.DataKey;
import io.ddc.client.encryption.DecryptionException;
import io.ddc.client.encryption.EncryptedObject;
import io.ddc.client.encryption.EncryptionKeyPair;
import io.ddc.client.encryption.KeyEnvelope;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Encrypted files in a bucket (docs/spec/encrypted-files.md): the encrypted object as a file, and a
 * DAG node holding one key envelope per recipient and a link to it. Encryption and decryption run
 * on worker threads; the plaintext is written to a {@code .part} file and renamed only when every
 * chunk authenticated, so a failed read leaves nothing behind.
 */
final class SealedFiles {
  /** Tag key marking a sealed-file DAG node; its value is the format version. */
  static final String TAG_ENCRYPTION = "ddc.encryption";

  /** Tag key carrying the plaintext length in decimal. */
  static final String TAG_SIZE = "ddc.size";

  /** Name of the link to the encrypted object. */
  static final String LINK_CIPHERTEXT = "ciphertext";

  private final DdcClient client;
  private final Vertx vertx;

  SealedFiles(DdcClient client, Vertx vertx) {
    this.client = client;
    this.vertx = vertx;
  }

  Future<Cid> store(
      long bucketId,
      Path file,
      String name,
      List<byte[]> recipients,
      List<Tag> tags,
      Progress progress) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an encrypted file needs at least one recipient");
    }
    DataKey key = DataKey.generate();
    byte[] envelopes = new byte[recipients.size() * KeyEnvelope.BYTES];
    for (int i = 0; i < recipients.size(); i++) {
      System.arraycopy(
          KeyEnvelope.wrap(key, recipients.get(i)),
          0,
          envelopes,
          i * KeyEnvelope.BYTES,
          KeyEnvelope.BYTES);
    }
    long[] plainSize = new long[1];
    return vertx
        .executeBlocking(
            () -> {
              plainSize[0] = Files.size(file);
              Path tmp = Files.createTempFile("ddc-sealed-", ".bin");
              try (InputStream in =
                      EncryptedObject.encryptingStream(
                          Files.newInputStream(file),
                          plainSize[0],
                          key,
                          EncryptedObject.DEFAULT_CHUNK_SIZE);
                  OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
              } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
              }
              return tmp;
            },
            false)
        .compose(
            tmp ->
                client
                    .store(bucketId, tmp, null, progress)
                    .compose(
                        cipher -> {
                          Node node =
                              Node.newBuilder()
                                  .setData(ByteString.copyFrom(envelopes))
                                  .addLinks(
                                      Link.newBuilder()
                                          .setName(LINK_CIPHERTEXT)
                                          .setCid(ByteString.copyFrom(cipher.toBytes()))
                                          .setSize(tmp.toFile().length()))
                                  .addTags(tag(TAG_ENCRYPTION, "1"))
                                  .addTags(tag(TAG_SIZE, Long.toString(plainSize[0])))
                                  .addAllTags(tags)
                                  .build();
                          return client.storeDag(bucketId, node, name);
                        })
                    .eventually(() -> vertx.fileSystem().delete(tmp.toString())));
  }

  private static Tag tag(String k, String v) {
    return Tag.newBuilder().setKey(k).setValue(v).build();
  }

  /** Whether a DAG node is a sealed file's. */
  static boolean isSealed(Node node) {
    return node.getTagsList().stream()
        .anyMatch(t -> t.getKey().equals(TAG_ENCRYPTION) && t.getValue().equals("1"));
  }

  Future<Long> read(
      long bucketId,
      Node node,
      EncryptionKeyPair me,
      Path out,
      long first,
      long last,
      Progress progress) {
    DataKey key;
    Cid cipher;
    try {
      key = unwrap(node, me);
      cipher = ciphertext(node);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Path part = out.resolveSibling(out.getFileName() + ".part");
    Future<Long> written;
    if (first >= 0) {
      written =
          client
              .readBytes(bucketId, cipher.toString(), 0, EncryptedObject.HEADER_BYTES - 1)
              .compose(
                  header -> {
                    EncryptedObject.CipherRange r =
                        EncryptedObject.cipherRange(
                            EncryptedObject.Header.parse(header.getBytes()), first, last);
                    return client
                        .readBytes(
                            bucketId, cipher.toString(), r.offset(), r.offset() + r.length() - 1)
                        .compose(
                            chunks ->
                                vertx.executeBlocking(
                                    () -> {
                                      byte[] plain =
                                          EncryptedObject.openRange(
                                              header.getBytes(),
                                              chunks.getBytes(),
                                              key,
                                              first,
                                              last);
                                      Files.write(part, plain);
                                      return (long) plain.length;
                                    },
                                    false));
                  });
    } else {
      Path encrypted = out.resolveSibling(out.getFileName() + ".sealed");
      written =
          client
              .read(bucketId, cipher.toString(), encrypted, progress)
              .compose(n -> vertx.executeBlocking(() -> openFile(encrypted, part, key), false))
              .eventually(() -> vertx.fileSystem().delete(encrypted.toString()).otherwiseEmpty());
    }
    return written
        .compose(
            n ->
                vertx
                    .executeBlocking(
                        () -> Files.move(part, out, StandardCopyOption.REPLACE_EXISTING), false)
                    .map(n))
        .recover(
            e ->
                vertx
                    .fileSystem()
                    .delete(part.toString())
                    .otherwiseEmpty()
                    .transform(x -> Future.failedFuture(e)));
  }

  /** The data key from the envelope addressed to {@code me}. */
  static DataKey unwrap(Node node, EncryptionKeyPair me) {
    byte[] data = node.getData().toByteArray();
    if (data.length == 0 || data.length % KeyEnvelope.BYTES != 0) {
      throw new DecryptionException(
          "the key envelopes are "
              + data.length
              + " bytes, not a multiple of "
              + KeyEnvelope.BYTES);
    }
    for (int off = 0; off < data.length; off += KeyEnvelope.BYTES) {
      byte[] env = Arrays.copyOfRange(data, off, off + KeyEnvelope.BYTES);
      if (Arrays.equals(KeyEnvelope.recipient(env), me.publicKey())) {
        return KeyEnvelope.unwrap(env, me);
      }
    }
    throw new DecryptionException(
        "this file is not encrypted for your key ("
            + data.length / KeyEnvelope.BYTES
            + " recipients, none is "
            + java.util.HexFormat.of().formatHex(me.publicKey())
            + ")");
  }

  private static Cid ciphertext(Node node) {
    for (Link l : node.getLinksList()) {
      if (l.getName().equals(LINK_CIPHERTEXT)) {
        return Cid.fromBytes(l.getCid().toByteArray());
      }
    }
    throw new DecryptionException("the encrypted file's DAG node has no 'ciphertext' link");
  }

  /** Decrypts a whole encrypted object chunk by chunk (one chunk in memory); the plaintext size. */
  static long openFile(Path encrypted, Path plain, DataKey key) throws IOException {
    try (InputStream in = Files.newInputStream(encrypted);
        OutputStream out = Files.newOutputStream(plain)) {
      byte[] aad = in.readNBytes(EncryptedObject.HEADER_BYTES);
      EncryptedObject.Header h = EncryptedObject.Header.parse(aad);
      if (Files.size(encrypted) != h.encryptedLength()) {
        throw new DecryptionException(
            "encrypted object is "
                + Files.size(encrypted)
                + " bytes, its header says "
                + h.encryptedLength()
                + ": truncated or extended");
      }
      for (long i = 0; i < h.chunkCount(); i++) {
        int len = h.plainChunkLength(i) + EncryptedObject.TAG_BYTES;
        byte[] buf = in.readNBytes(len);
        out.write(EncryptedObject.openChunk(h, aad, key, i, buf, 0, buf.length));
      }
      return h.plaintextLength();
    }
  }
}
