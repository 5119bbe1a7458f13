package io.ddc.launcher;

import io.ddc.client.DdcClient;
import io.ddc.client.node.AuthTokens;
import io.ddc.client.node.Operation;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.ddc.crypto.Ss58;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.AuthToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The node commands: put, get, ls, search, share, name, token. */
final class ClientCommands {
  private ClientCommands() {}

  private static final Duration LONG = Duration.ofHours(6);

  @Command(
      name = "put",
      aliases = "upload",
      mixinStandardHelpOptions = true,
      description = {
        "Store files and directories in a bucket and print their CIDs: a file as one piece (in parts",
        "of --part-size when large), a directory as a DAG node linking every file under it by its",
        "relative path, like a website upload. One PATH prints its CID alone, several \"CID PATH\" lines."
      },
      footer = {
        "",
        "Examples:",
        "  ./ddc put --bucket 1 photo.jpg --name photos/cat.jpg",
        "  ./ddc put --bucket 1 site/ --name www      then http://node/1/www/index.html…",
        "  ./ddc put --bucket 1 *.log --json",
        "  ./ddc put --bucket 1 report.pdf --tag project=apollo   then ./ddc search --tag …",
        "  ./ddc put --bucket 2 report.pdf --encrypt --recipient 6Qx…   you and one more can read it"
      })
  static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientConnection conn;
    @Mixin Output output = new Output();

    @Option(names = "--bucket", required = true, description = "Bucket id.")
    long bucket;

    @Option(names = "--name", description = "Also point this name at the result (one PATH only).")
    String name;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories.")
    List<Path> paths;

    @Option(
        names = "--tag",
        paramLabel = "KEY=VALUE",
        description =
            "Tag the DAG node of each PATH (repeatable): a directory's node, an encrypted file's,"
                + " or for a plain file a node linking it; 'ddc search' finds it.")
    List<String> tagArgs = new ArrayList<>();

    @Option(
        names = "--encrypt",
        description = "Encrypt files on this machine first, readable by you and each --recipient.")
    boolean encrypt;

    @Option(
        names = "--recipient",
        paramLabel = "ADDRESS|KEY",
        description =
            "Also let this account decrypt: its address (the key it published in the bucket with"
                + " 'ddc publish-key', signature checked) or an encryption key (0x + 64 hex, from"
                + " 'ddc account show'); repeatable, implies --encrypt.")
    List<String> recipients = new ArrayList<>();

    @Option(
        names = "--keys-bucket",
        paramLabel = "ID",
        description =
            "Bucket where recipients given by address published their keys (default: --bucket).")
    Long keysBucket;

    @Override
    public Integer call() throws Exception {
      if (name != null && paths.size() > 1) {
        throw new IllegalArgumentException(
            "--name needs exactly one PATH, " + paths.size() + " given");
      }
      Map<String, String> tags = parseTags(tagArgs);
      return conn.withClient(
          c -> {
            List<byte[]> keys =
                encrypt || !recipients.isEmpty()
                    ? encryptionKeys(
                        c,
                        keysBucket != null ? keysBucket : bucket,
                        conn.chain.account,
                        recipients,
                        spec)
                    : null;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Path path : paths) {
              boolean dir = Files.isDirectory(path);
              if (dir && keys != null) {
                throw new IllegalArgumentException(
                    "--encrypt stores files, " + path + " is a directory");
              }
              ProgressLine p =
                  conn.progress(spec.commandLine().getErr(), "put " + path.getFileName());
              Cid cid =
                  Futures.await(
                      dir
                          ? c.storeDirectory(bucket, path, name, tags, p)
                          : keys != null
                              ? c.storeEncrypted(bucket, path, name, keys, tags, p)
                              : !tags.isEmpty()
                                  ? c.storeTagged(bucket, path, name, tags, p)
                                  : c.store(bucket, path, name, p),
                      LONG);
              p.finish();
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("cid", cid.toString());
              row.put("path", path.toString());
              row.put(
                  "kind",
                  dir
                      ? "directory"
                      : keys != null ? "encrypted file" : tags.isEmpty() ? "file" : "tagged file");
              if (!tags.isEmpty()) {
                row.put("tags", tags);
              }
              if (name != null) {
                row.put("name", name);
              }
              rows.add(row);
              if (!output.json) {
                spec.commandLine()
                    .getOut()
                    .println(paths.size() == 1 ? cid.toString() : cid + " " + path);
              }
            }
            if (output.json) {
              output.printRows(spec.commandLine().getOut(), rows, "");
            }
            return 0;
          });
    }
  }

  /** {@code KEY=VALUE} arguments as tags, in order; the key is what precedes the first '='. */
  static Map<String, String> parseTags(List<String> args) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--tag looks like KEY=VALUE, '" + a + "' given");
      }
      tags.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return tags;
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = {
        "Find the DAG nodes of a bucket that carry every --tag (exact key and value): stored",
        "directories, tagged and encrypted files. Every storage and full node is asked and the",
        "answers merged; prints CID, tags and links (the pieces each node points to)."
      },
      footer = {
        "",
        "Examples:",
        "  ./ddc put --bucket 1 report.pdf --tag project=apollo --tag year=2024",
        "  ./ddc search --bucket 1 --tag project=apollo",
        "  ./ddc search --bucket 1 --tag project=apollo --tag year=2024 --json"
      })
  static final class Search implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientConnection conn;
    @Mixin Output output = new Output();

    @Option(names = "--bucket", required = true, description = "Bucket id.")
    long bucket;

    @Option(
        names = "--tag",
        paramLabel = "KEY=VALUE",
        required = true,
        description = "A tag the results carry (repeatable: all must match).")
    List<String> tagArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Map<String, String> tags = parseTags(tagArgs);
      return conn.withClient(
          c -> {
            io.ddc.client.SearchResult r =
                Futures.await(c.search(bucket, tags), Duration.ofMinutes(2));
            for (String u : r.unreachable()) {
              spec.commandLine().getErr().println("ddc: warning: not searched (unreachable): " + u);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (io.ddc.client.SearchResult.Hit h : r.hits()) {
              Map<String, String> hitTags = new LinkedHashMap<>();
              h.tags().forEach(t -> hitTags.put(t.getKey(), t.getValue()));
              List<Map<String, Object>> links = new ArrayList<>();
              for (io.ddc.protocol.proto.dag.Link l : h.links()) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("name", l.getName());
                link.put("size", l.getSize());
                link.put("cid", Cid.fromBytes(l.getCid().toByteArray()).toString());
                links.add(link);
              }
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("cid", h.cid().toString());
              if (output.json) {
                row.put("tags", hitTags);
                row.put("links", links);
              } else {
                row.put(
                    "tags",
                    String.join(
                        ",",
                        hitTags.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList()));
                row.put(
                    "links",
                    String.join(
                        ",", links.stream().map(l -> l.get("name") + "=" + l.get("cid")).toList()));
              }
              rows.add(row);
            }
            output.printRows(spec.commandLine().getOut(), rows, "nothing found");
            return 0;
          });
    }
  }

  /**
   * Your own encryption key and each --recipient's, as 32-byte X25519 public keys: an encryption
   * key given as hex is used as is; for an account address the key it published in the bucket is
   * looked up and its signature checked (encryption.md §3.1).
   */
  private static List<byte[]> encryptionKeys(
      DdcClient c, long bucket, AccountKey account, List<String> recipients, CommandSpec spec)
      throws Exception {
    List<byte[]> keys = new ArrayList<>();
    keys.add(account.encryptionKey("--encrypt").publicKey());
    for (String r : recipients) {
      String h = r.startsWith("0x") ? r.substring(2) : r;
      if (h.matches("[0-9a-fA-F]{64}")) {
        keys.add(java.util.HexFormat.of().parseHex(h));
        continue;
      }
      byte[] accountKey;
      try {
        accountKey = Ss58.decode(r).publicKey();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--recipient is an account address (its key published with 'ddc publish-key') or an"
                + " encryption key (0x + 64 hex digits), '"
                + r
                + "' given",
            e);
      }
      byte[] key = Futures.await(c.encryptionKeyOf(bucket, accountKey), Duration.ofMinutes(2));
      spec.commandLine()
          .getErr()
          .println(
              "recipient "
                  + r
                  + ": published key 0x"
                  + java.util.HexFormat.of().formatHex(key)
                  + " (signature checked)");
      keys.add(key);
    }
    return keys;
  }

  @Command(
      name = "publish-key",
      mixinStandardHelpOptions = true,
      description = {
        "Publish your encryption key in a bucket as a record signed by your account key, so that",
        "others can encrypt files for you by address: put --encrypt --recipient YOUR_ADDRESS."
      },
      footer = {
        "",
        "Examples:",
        "  ./ddc publish-key --bucket 2",
        "  ./ddc put --bucket 2 report.pdf --recipient 6Qx…      (by the other account)"
      })
  static final class PublishKey implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientConnection conn;
    @Mixin Output output = new Output();

    @Option(names = "--bucket", required = true, description = "Bucket id.")
    long bucket;

    @Override
    public Integer call() throws Exception {
      KeyPair key = conn.chain.account.requireKey("publishing an encryption key");
      io.ddc.client.encryption.EncryptionKeyPair enc =
          conn.chain.account.encryptionKey("publishing an encryption key");
      return conn.withClient(
          c -> {
            Cid cid =
                Futures.await(c.publishEncryptionKey(bucket, key, enc), Duration.ofMinutes(2));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("cid", cid.toString());
            fields.put("account", Ss58.encode(key.publicKey(), Ss58.CERE_PREFIX));
            fields.put("encryptionKey", "0x" + java.util.HexFormat.of().formatHex(enc.publicKey()));
            output.print(spec.commandLine().getOut(), fields, cid.toString());
            return 0;
          });
    }
  }

  @Command(
      name = "get",
      aliases = "download",
      mixinStandardHelpOptions = true,
      description = {
        "Read an object from a bucket into a file: by CID, by name, or by CID/path or NAME/path for a",
        "file of a stored directory. Content is checked against its CID (BLAKE3); an encrypted file",
        "(put --encrypt) is decrypted with your key and every byte authenticated."
      },
      footer = {
        "",
        "Examples:",
        "  ./ddc get --bucket 1 photos/cat.jpg                 writes cat.jpg",
        "  ./ddc get --bucket 1 bafk…/css/site.css -o site.css a file of a directory",
        "  ./ddc get --bucket 1 bafk… --range 0-1023 -o head.bin"
      })
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientConnection conn;
    @Mixin Output output = new Output();

    @Option(names = "--bucket", required = true, description = "Bucket id.")
    long bucket;

    @Option(
        names = {"-o", "--out"},
        paramLabel = "FILE",
        description =
            "Where to write it (default: the last path segment in the current directory).")
    Path out;

    @Parameters(paramLabel = "CID|NAME|CID/PATH", description = "What to read.")
    String ref;

    @Option(
        names = "--range",
        paramLabel = "START-END",
        description = "Only these bytes (inclusive, from 0), e.g. 0-1023.")
    String range;

    @Override
    public Integer call() throws Exception {
      long[] r = range == null ? null : parseRange(range);
      Path target = out != null ? out : Path.of(ref.substring(ref.lastIndexOf('/') + 1));
      return conn.withClient(
          c -> {
            String what = Futures.await(resolve(c, bucket, ref), LONG);
            long n;
            if (Futures.await(c.isEncrypted(bucket, what), LONG)) {
              ProgressLine p = conn.progress(spec.commandLine().getErr(), "get");
              n =
                  Futures.await(
                      c.readEncrypted(
                          bucket,
                          what,
                          conn.chain.account.encryptionKey("decrypting"),
                          target,
                          r == null ? -1 : r[0],
                          r == null ? -1 : r[1],
                          p),
                      LONG);
              p.finish();
            } else if (DdcClient.asCidOrNull(what) != null
                && DdcClient.asCidOrNull(what).codec() == Cid.Codec.DAG_NODE) {
              throw new IllegalArgumentException(
                  ref
                      + " is a DAG node, not a file: read one of its files as "
                      + ref
                      + "/NAME ('ddc ls --bucket "
                      + bucket
                      + " "
                      + ref
                      + "' lists them)");
            } else if (r != null) {
              io.vertx.core.buffer.Buffer b =
                  Futures.await(c.readBytes(bucket, what, r[0], r[1]), LONG);
              Files.write(target, b.getBytes());
              n = b.length();
            } else {
              ProgressLine p = conn.progress(spec.commandLine().getErr(), "get");
              n = Futures.await(c.read(bucket, what, target, p), LONG);
              p.finish();
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("bytes", n);
            fields.put("file", target.toString());
            if (output.json) {
              output.print(spec.commandLine().getOut(), fields, null);
            } else {
              spec.commandLine().getErr().println(n + " bytes → " + target);
            }
            return 0;
          });
    }

    static long[] parseRange(String range) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d+)-(\\d+)").matcher(range.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
        throw new IllegalArgumentException(
            "--range looks like START-END with START <= END, '" + range + "' given");
      }
      return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
  }

  /**
   * What a reference names: a CID or name as it is; for {@code CID/path} the CID of the link the
   * path leads to in that DAG node; for {@code name/path} that is not itself a name, the same below
   * the DAG node that the longest prefix of it which is a name points to (a stored directory's
   * name), the gateway's rule (gateway.md).
   */
  static io.vertx.core.Future<String> resolve(DdcClient c, long bucket, String ref) {
    int slash = ref.indexOf('/');
    if (slash <= 0) {
      return io.vertx.core.Future.succeededFuture(ref);
    }
    Cid dag = DdcClient.asCidOrNull(ref.substring(0, slash));
    if (dag != null) {
      return c.resolvePath(bucket, dag, ref.substring(slash + 1)).map(Cid::toString);
    }
    return asAsked(
        named(c, bucket, ref, ref.length())
            .compose(
                a ->
                    a.below().isEmpty()
                        ? io.vertx.core.Future.succeededFuture(a.cid().toString())
                        : c.resolvePath(bucket, a.cid(), a.below()).map(Cid::toString)),
        bucket,
        ref);
  }

  /**
   * {@code f}, except that a name not found along the way fails as {@code ref} not found: neither a
   * name nor a path in a named directory, the error names what the user asked for.
   */
  private static <T> io.vertx.core.Future<T> asAsked(
      io.vertx.core.Future<T> f, long bucket, String ref) {
    return f.recover(
        e ->
            io.vertx.core.Future.failedFuture(
                e instanceof io.ddc.client.NameNotFoundException
                    ? new io.ddc.client.NameNotFoundException(bucket, ref)
                    : e));
  }

  /** A name's target and the link path below it that a reference goes on with ("" for none). */
  private record Named(Cid cid, String below) {}

  /**
   * The longest prefix of {@code ref.substring(0, end)} ending before a {@code /} (or all of it)
   * that is a name in the bucket, as its target and the rest of {@code ref}; fails with {@link
   * io.ddc.client.NameNotFoundException} when no prefix is a name.
   */
  private static io.vertx.core.Future<Named> named(DdcClient c, long bucket, String ref, int end) {
    return c.resolve(bucket, ref.substring(0, end), null)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return io.vertx.core.Future.succeededFuture(
                    new Named(ar.result(), end == ref.length() ? "" : ref.substring(end + 1)));
              }
              int shorter = ref.lastIndexOf('/', end - 1);
              return ar.cause() instanceof io.ddc.client.NameNotFoundException && shorter > 0
                  ? named(c, bucket, ref, shorter)
                  : io.vertx.core.Future.failedFuture(ar.cause());
            });
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List a DAG node's links (name, size, CID): the files of a stored directory.",
      footer = {"", "Examples:", "  ./ddc ls --bucket 1 www", "  ./ddc ls --bucket 1 bafk… --json"})
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientConnection conn;
    @Mixin Output output = new Output();

    @Option(names = "--bucket", required = true, description = "Bucket id.")
    long bucket;

    @Parameters(paramLabel = "CID|NAME", description = "The DAG node.")
    String ref;

    @Override
    public Integer call() throws Exception {
      return conn.withClient(
          c -> {
            io.ddc.protocol.proto.dag.Node node =
                Futures.await(
                    resolve(c, bucket, ref).compose(what -> c.readDag(bucket, what, null)),
                    Duration.ofMinutes(2));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (io.ddc.protocol.proto.dag.Link l : node.getLinksList()) {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("name", l.getName());
              row.put("size", l.getSize());
              row.put("cid", Cid.fromBytes(l.getCid().toByteArray()).toString());
              rows.add(row);
            }
            output.printRows(spec.commandLine().getOut(), rows, "no links");
            return 0;
          });
    }
  }

  @Command(
      name = "share",
      mixinStandardHelpOptions = true,
      description = {
        "Print a CDN link to an object that works for anyone holding it: the gateway URL with a",
        "bearer GET token signed by your key (the bucket owner's), valid for --expires."
      },
      footer = {"", "Example:", "  ./ddc share --bucket 2 photos/cat.jpg --expires 7d"})
  static final class Share implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientConnection conn;
    @Mixin Output output = new Output();

    @Option(names = "--bucket", required = true, description = "Bucket id.")
    long bucket;

    @Option(names = "--expires", description = "Validity, e.g. 1h, 7d.")
    String expires = "7d";

    @Option(
        names = "--gateway",
        paramLabel = "URL",
        description = "Gateway base URL (default: the devnet's first non-cache node's HTTP URL).")
    String gateway;

    @Option(
        names = "--by-name",
        description = {
          "Keep the name in the link, so that it follows the name to whatever it points at later;",
          "the token then reads every object of the bucket. Without it, the link and its token",
          "are for the object the name points at now (and, for a directory, what lies below it)."
        })
    boolean byName;

    @Parameters(
        paramLabel = "CID|NAME",
        description = "What to share: a CID, a name, or either followed by a /path below it.")
    String ref;

    @Override
    public Integer call() throws Exception {
      KeyPair key = conn.key();
      if (key == null) {
        throw new IllegalArgumentException(
            "signing a link needs the owner's key: --signer SURI or --key-file FILE");
      }
      String base = gateway != null ? gateway : conn.gatewayUrl();
      if (base == null) {
        throw new IllegalArgumentException(
            "no gateway: give --gateway http://host:port or run ./ddc devnet");
      }
      // the token reads one object: the CID the link starts at (a DAG node reaches the links
      // below it), so a name is resolved to its CID now; --by-name keeps the name in the link
      // and needs a token for the whole bucket
      int slash = ref.indexOf('/');
      Cid first = io.ddc.client.DdcClient.asCidOrNull(slash < 0 ? ref : ref.substring(0, slash));
      Cid piece;
      String path;
      if (first != null) {
        piece = first;
        path = ref;
      } else if (byName) {
        piece = null;
        path = ref;
      } else {
        Named[] got = new Named[1];
        conn.withClient(
            c -> {
              got[0] =
                  Futures.await(
                      asAsked(named(c, bucket, ref, ref.length()), bucket, ref),
                      java.time.Duration.ofMinutes(1));
              return 0;
            });
        Named n = got[0];
        piece = n.cid();
        path = n.below().isEmpty() ? n.cid().toString() : n.cid() + "/" + n.below();
      }
      String token =
          AuthTokens.toBase58(
              AuthTokens.bearer(
                  key,
                  bucket,
                  List.of(Operation.GET),
                  piece,
                  Instant.now().plus(Token.parseValidity(expires))));
      String url = base.replaceAll("/+$", "") + "/" + bucket + "/" + path + "?token=" + token;
      output.print(spec.commandLine().getOut(), Map.of("url", url, "token", token), url);
      return 0;
    }
  }

  @Command(
      name = "name",
      mixinStandardHelpOptions = true,
      description = "Point a name at a CID in a bucket, or show what it points at.",
      subcommands = {Name.Set.class, Name.Get.class},
      footer = {
        "",
        "Examples:",
        "  ./ddc name set --bucket 1 site/index bafk…",
        "  ./ddc name get --bucket 1 site/index"
      })
  static final class Name implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = "Point NAME at CID in the bucket (a new record replaces the old one).",
        footer = {"", "Example:", "  ./ddc name set --bucket 1 site/index bafk…"})
    static final class Set implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ClientConnection conn;
      @Mixin Output output = new Output();

      @Option(names = "--bucket", required = true, description = "Bucket id.")
      long bucket;

      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @Parameters(index = "1", paramLabel = "CID")
      String cid;

      @Override
      public Integer call() throws Exception {
        Cid target = Cid.parse(cid);
        return conn.withClient(
            c -> {
              Futures.await(c.putName(bucket, name, target), Duration.ofMinutes(2));
              spec.commandLine().getErr().println(name + " → " + cid);
              if (output.json) {
                output.print(spec.commandLine().getOut(), Map.of("name", name, "cid", cid), cid);
              }
              return 0;
            });
      }
    }

    @Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Print the CID that NAME points at in the bucket.",
        footer = {"", "Example:", "  CID=$(./ddc name get --bucket 1 site/index)"})
    static final class Get implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ClientConnection conn;
      @Mixin Output output = new Output();

      @Option(names = "--bucket", required = true, description = "Bucket id.")
      long bucket;

      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @Override
      public Integer call() throws Exception {
        return conn.withClient(
            c -> {
              String target =
                  Futures.await(c.resolve(bucket, name, null), Duration.ofMinutes(2)).toString();
              output.print(
                  spec.commandLine().getOut(), Map.of("name", name, "cid", target), target);
              return 0;
            });
      }
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description =
          "Sign, wrap and inspect access tokens (base58, as nodes and gateway links take them).",
      subcommands = {Token.Grant.class, Token.Wrap.class, Token.Show.class},
      footer = {
        "",
        "Examples:",
        "  ./ddc token grant --bucket 2 --op GET --expires 7d     a read link token for bucket 2",
        "  ./ddc token grant --bucket 2 --op PUT --subject 6Qx…   delegate writes to an account",
        "  ./ddc token wrap <grant> --signer //Bob                the grantee's usable token",
        "  ./ddc token show <token>                               who signed it, for what, until when"
      })
  static final class Token implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        description = {
          "Sign an access token with your key (the bucket owner's) and print it.",
          "Without --subject it is a bearer token anyone holding it may use (also as ?token= in gateway"
              + " links);",
          "with --subject only that account may use it, after wrapping it with its own key (ddc token"
              + " wrap)."
        },
        footer = {
          "",
          "Examples:",
          "  ./ddc token grant --bucket 2 --op GET --expires 7d",
          "  ./ddc token grant --bucket 2 --op PUT --subject 6Qx…"
        })
    static final class Grant implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ClientConnection conn;
      @Mixin Output output = new Output();

      @Option(names = "--bucket", required = true, description = "Bucket id.")
      long bucket;

      @Option(
          names = "--op",
          required = true,
          description = "Allowed operation: GET, PUT or DELETE (repeatable).")
      List<Operation> ops = new ArrayList<>();

      @Option(names = "--piece", paramLabel = "CID", description = "Restrict to one piece.")
      String piece;

      @Option(names = "--subject", paramLabel = "SS58", description = "Delegate to this account.")
      String subject;

      @Option(names = "--expires", description = "Validity, e.g. 1h, 7d (default 30d).")
      String expires = "30d";

      @Override
      public Integer call() throws Exception {
        KeyPair key = signingKey(conn);
        Instant until = Instant.now().plus(parseValidity(expires));
        AuthToken token;
        if (subject != null) {
          byte[] pub = Ss58.decode(subject).publicKey();
          token = AuthTokens.grant(key, pub, bucket, ops, until);
        } else {
          token =
              AuthTokens.bearer(key, bucket, ops, piece == null ? null : Cid.parse(piece), until);
        }
        return printToken(spec, output, token);
      }
    }

    @Command(
        name = "wrap",
        mixinStandardHelpOptions = true,
        description = "Wrap a grant made out to your key into a token you can use.",
        footer = {"", "Example:", "  TOKEN=$(./ddc token wrap <grant> --signer //Bob)"})
    static final class Wrap implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin ClientConnection conn;
      @Mixin Output output = new Output();

      @Parameters(index = "0", paramLabel = "GRANT")
      String grant;

      @Override
      public Integer call() throws Exception {
        return printToken(
            spec, output, AuthTokens.wrap(signingKey(conn), AuthTokens.fromBase58(grant)));
      }
    }

    @Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
          "Decode a token: one row per link of its chain, outermost first, with the signer, whether"
              + " the signature verifies, and what the link allows.",
          "Whether a node accepts it also depends on the bucket's owner (the chain's root signer)."
        },
        footer = {"", "Example:", "  ./ddc token show 3xK… --json"})
    static final class Show implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Output output = new Output();

      @Parameters(index = "0", paramLabel = "TOKEN")
      String token;

      @Override
      public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        AuthToken t = AuthTokens.fromBase58(token);
        for (int level = 0; t != null; level++) {
          rows.add(describe(level, t));
          t = t.getPayload().hasPrev() ? t.getPayload().getPrev() : null;
        }
        output.printRows(spec.commandLine().getOut(), rows, "empty token");
        return 0;
      }

      static Map<String, Object> describe(int level, AuthToken t) {
        var p = t.getPayload();
        var sig = t.getSignature();
        byte[] signer = sig.getSigner().toByteArray();
        byte[] signed = AuthToken.newBuilder().setPayload(p).build().toByteArray();
        boolean valid;
        try {
          valid =
              Signatures.verifyRawOrWrapped(
                  KeyScheme.ofSignatureTypeIndex(sig.getAlgorithmValue()),
                  signer,
                  signed,
                  sig.getValue().toByteArray());
        } catch (IllegalArgumentException e) {
          valid = false;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("level", level);
        row.put("signer", signer.length == 32 ? Ss58.encode(signer) : "(none)");
        row.put("algorithm", sig.getAlgorithm().name());
        row.put("signatureValid", valid);
        row.put("bucket", p.hasBucketId() ? String.valueOf(p.getBucketId()) : "-");
        row.put(
            "operations",
            p.getOperationsList().isEmpty()
                ? "-"
                : String.join(",", p.getOperationsList().stream().map(Enum::name).toList()));
        row.put(
            "piece",
            p.hasPieceCid() ? Cid.fromBytes(p.getPieceCid().toByteArray()).toString() : "-");
        row.put(
            "subject",
            p.hasSubject() && p.getSubject().size() == 32
                ? Ss58.encode(p.getSubject().toByteArray())
                : "-");
        row.put("canDelegate", p.hasCanDelegate() && p.getCanDelegate());
        row.put(
            "expiresAt",
            p.hasExpiresAt() ? Instant.ofEpochMilli(p.getExpiresAt()).toString() : "-");
        return row;
      }
    }

    private static KeyPair signingKey(ClientConnection conn) throws Exception {
      KeyPair key = conn.key();
      if (key == null) {
        throw new IllegalArgumentException(
            "signing a token needs a key: --signer SURI or --key-file FILE");
      }
      return key;
    }

    private static int printToken(CommandSpec spec, Output output, AuthToken token) {
      String text = AuthTokens.toBase58(token);
      output.print(spec.commandLine().getOut(), Map.of("token", text), text);
      return 0;
    }

    static Duration parseValidity(String s) {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      if (t.length() < 2) {
        throw new IllegalArgumentException("--expires looks like 1h or 7d, '" + s + "' given");
      }
      long n;
      try {
        n = Long.parseLong(t.substring(0, t.length() - 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--expires looks like 1h or 7d, '" + s + "' given", e);
      }
      return switch (t.charAt(t.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default ->
            throw new IllegalArgumentException("--expires looks like 1h or 7d, '" + s + "' given");
      };
    }
  }
}
