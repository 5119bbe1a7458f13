package io.ddc.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code devnet.json}: the machine-readable description of a running devnet, docs/spec/devnet.md
 * (schema version 1). Written atomically once every service is ready; deleted on a clean stop.
 */
record DevnetDescriptor(
    String clusterId,
    String chain,
    List<Node> nodes,
    List<Bucket> buckets,
    List<Account> accounts) {

  /** The schema version this class writes and the highest it reads. */
  static final int VERSION = 1;

  /** The file name inside the devnet's data directory. */
  static final String FILE_NAME = "devnet.json";

  DevnetDescriptor {
    nodes = List.copyOf(nodes);
    buckets = List.copyOf(buckets);
    accounts = List.copyOf(accounts);
  }

  /** One node: its id, the SDK's mode spelling and its two URLs. */
  record Node(String id, String mode, String grpcUrl, String httpUrl) {}

  /** One bucket that exists when the file is written. */
  record Bucket(long id, boolean isPublic, String owner) {}

  /** A named account; {@code uri} only for dev accounts whose secret is public by design. */
  record Account(String name, String address, String publicKey, String scheme, String uri) {}

  JsonObject toJson() {
    JsonArray ns = new JsonArray();
    nodes.forEach(
        n ->
            ns.add(
                new JsonObject()
                    .put("id", n.id())
                    .put("mode", n.mode())
                    .put("grpcUrl", n.grpcUrl())
                    .put("httpUrl", n.httpUrl())));
    JsonArray bs = new JsonArray();
    buckets.forEach(
        b ->
            bs.add(
                new JsonObject()
                    .put("id", b.id())
                    .put("isPublic", b.isPublic())
                    .put("owner", b.owner())));
    JsonArray as = new JsonArray();
    accounts.forEach(
        a ->
            as.add(
                new JsonObject()
                    .put("name", a.name())
                    .put("address", a.address())
                    .put("publicKey", a.publicKey())
                    .put("scheme", a.scheme())
                    .put("uri", a.uri())));
    return new JsonObject()
        .put("version", VERSION)
        .put("clusterId", clusterId)
        .put("chain", chain)
        .put("nodes", ns)
        .put("buckets", bs)
        .put("accounts", as);
  }

  /** Writes {@code dir/devnet.json} atomically: readers see the old state or the whole new file. */
  Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(FILE_NAME);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Files.writeString(tmp, toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Deletes {@code dir/devnet.json} if present. */
  static void deleteIn(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(FILE_NAME));
  }

  /**
   * Reads a descriptor; {@link IllegalArgumentException} for malformed JSON, missing fields or a
   * newer schema version.
   */
  static DevnetDescriptor read(Path file) throws IOException {
    JsonObject o;
    try {
      o = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
    }
    Integer version = o.getInteger("version");
    if (version == null || version < 1 || version > VERSION) {
      throw new IllegalArgumentException(
          file
              + ": schema version "
              + version
              + " is not supported (this reader knows 1.."
              + VERSION
              + ")");
    }
    List<Node> nodes = new ArrayList<>();
    for (Object x : required(o, "nodes", file)) {
      JsonObject n = (JsonObject) x;
      nodes.add(
          new Node(
              n.getString("id"),
              n.getString("mode"),
              n.getString("grpcUrl"),
              n.getString("httpUrl")));
    }
    List<Bucket> buckets = new ArrayList<>();
    for (Object x : required(o, "buckets", file)) {
      JsonObject b = (JsonObject) x;
      buckets.add(new Bucket(b.getLong("id"), b.getBoolean("isPublic"), b.getString("owner")));
    }
    List<Account> accounts = new ArrayList<>();
    for (Object x : o.getJsonArray("accounts", new JsonArray())) {
      JsonObject a = (JsonObject) x;
      accounts.add(
          new Account(
              a.getString("name"),
              a.getString("address"),
              a.getString("publicKey"),
              a.getString("scheme"),
              a.getString("uri")));
    }
    return new DevnetDescriptor(
        o.getString("clusterId"), o.getString("chain"), nodes, buckets, accounts);
  }

  private static JsonArray required(JsonObject o, String field, Path file) {
    JsonArray a = o.getJsonArray(field);
    if (a == null) {
      throw new IllegalArgumentException(file + ": field '" + field + "' is missing");
    }
    return a;
  }
}
