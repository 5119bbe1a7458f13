package io.ddc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The segment store against an in-memory model: random chains of put, get, range-get, delete,
 * record put/get/delete, compaction and restart (clean close or a rebuild from the segments alone).
 */
class SegmentPieceStoreModelPropertiesTest {

  private final List<Harness> harnesses = new ArrayList<>();

  /** The store under test and the model it must agree with. */
  final class Harness {
    final Path dir;
    SegmentPieceStore store;
    final Map<Cid, byte[]> pieces = new HashMap<>();
    final Map<String, byte[]> records = new HashMap<>();

    Harness() {
      try {
        dir = Files.createTempDirectory("store-model");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      open();
      harnesses.add(this);
    }

    void open() {
      store =
          SegmentPieceStore.open(
              dir,
              new StoreOptions()
                  .segmentSize(128 << 10)
                  .indexEntries(1000)
                  .minFreeDiskBytes(0)
                  .stagingMemoryBytes(64 << 10),
              c -> {
                if (c.kind() != CorruptionListener.Kind.INDEX_REBUILT) {
                  throw new AssertionError("unexpected finding: " + c);
                }
              },
              Clock.systemUTC());
    }

    void close() {
      store.close();
    }

    void destroy() {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp files
      }
    }

    Cid pick(int i) {
      List<Cid> cids = new ArrayList<>(pieces.keySet());
      cids.sort(null);
      return cids.get(i % cids.size());
    }

    void checkList() {
      assertThat(PieceStoreContract.await(store.list(1)))
          .extracting(PieceInfo::cid)
          .containsExactlyInAnyOrderElementsOf(pieces.keySet());
    }
  }

  @AfterTry
  void cleanUp() {
    harnesses.forEach(Harness::destroy);
    harnesses.clear();
  }

  @Property(tries = 12)
  void storeAgreesWithTheModel(@ForAll("chains") ActionChain<Harness> chain) {
    chain.withInvariant("list matches the model", Harness::checkList).run();
  }

  @Provide
  Arbitrary<ActionChain<Harness>> chains() {
    return ActionChain.<Harness>startWith(Harness::new)
        .withAction(4, new Put())
        .withAction(3, new Get())
        .withAction(2, new Delete())
        .withAction(2, new RecordOps())
        .withAction(1, new Compact())
        .withAction(1, new Restart())
        .withMaxTransformations(30);
  }

  static final class Put implements Action.Independent<Harness> {
    @Override
    public Arbitrary<Transformer<Harness>> transformer() {
      Arbitrary<Integer> sizes =
          Arbitraries.oneOf(
              Arbitraries.integers().between(0, 3000),
              Arbitraries.integers().between(3000, 200_000));
      return Arbitraries.longs()
          .flatMap(
              seed ->
                  sizes.map(
                      size ->
                          Transformer.mutate(
                              "put " + size + " bytes",
                              h -> {
                                byte[] content = PieceStoreContract.random(seed, size);
                                PieceInfo info =
                                    PieceStoreContract.put(h.store, 1, content, 40_000);
                                assertThat(info.cid())
                                    .isEqualTo(Cid.compute(Cid.Codec.RAW, content));
                                h.pieces.put(info.cid(), content);
                              })));
    }
  }

  static final class Get implements Action.Dependent<Harness> {
    @Override
    public boolean precondition(Harness h) {
      return !h.pieces.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<Harness>> transformer(Harness h) {
      return Arbitraries.integers()
          .between(0, 1000)
          .flatMap(
              i ->
                  Arbitraries.doubles()
                      .between(0, 1)
                      .tuple2()
                      .map(
                          t ->
                              Transformer.mutate(
                                  "range-get",
                                  s -> {
                                    Cid cid = s.pick(i);
                                    byte[] want = s.pieces.get(cid);
                                    int from = (int) (t.get1() * want.length);
                                    int len = (int) (t.get2() * (want.length - from));
                                    try (PieceRegion r =
                                        PieceStoreContract.await(s.store.open(cid))) {
                                      assertThat(r.size()).isEqualTo(want.length);
                                      assertThat(
                                              PieceStoreContract.bytes(
                                                  PieceStoreContract.await(r.read(from, len))))
                                          .isEqualTo(Arrays.copyOfRange(want, from, from + len));
                                    }
                                  })));
    }
  }

  static final class Delete implements Action.Dependent<Harness> {
    @Override
    public Arbitrary<Transformer<Harness>> transformer(Harness h) {
      return Arbitraries.integers()
          .between(0, 1000)
          .map(
              i ->
                  Transformer.mutate(
                      "delete",
                      s -> {
                        Cid cid =
                            s.pieces.isEmpty()
                                ? Cid.compute(Cid.Codec.RAW, new byte[] {1})
                                : s.pick(i);
                        boolean existed = s.pieces.remove(cid) != null;
                        assertThat(PieceStoreContract.await(s.store.delete(cid)))
                            .isEqualTo(existed);
                        assertThatThrownBy(() -> PieceStoreContract.await(s.store.open(cid)))
                            .isInstanceOf(PieceNotFoundException.class);
                      }));
    }
  }

  static final class RecordOps implements Action.Independent<Harness> {
    @Override
    public Arbitrary<Transformer<Harness>> transformer() {
      return Arbitraries.integers()
          .between(0, 5)
          .flatMap(
              key ->
                  Arbitraries.integers()
                      .between(0, 2)
                      .map(
                          op ->
                              Transformer.mutate(
                                  "record op " + op + " on k" + key,
                                  h -> {
                                    byte[] k = {key.byteValue()};
                                    String name = "k" + key;
                                    switch (op) {
                                      case 0 -> {
                                        byte[] v =
                                            PieceStoreContract.random(
                                                key * 7L + h.records.size(), 1 + key * 300);
                                        PieceStoreContract.await(h.store.putRecord(1, "ns", k, v));
                                        h.records.put(name, v);
                                      }
                                      case 1 ->
                                          assertThat(
                                                  PieceStoreContract.await(
                                                      h.store.deleteRecord(1, "ns", k)))
                                              .isEqualTo(h.records.remove(name) != null);
                                      default -> {
                                        var got =
                                            PieceStoreContract.await(h.store.getRecord(1, "ns", k));
                                        assertThat(got.orElse(null)).isEqualTo(h.records.get(name));
                                      }
                                    }
                                  })));
    }
  }

  static final class Compact extends Action.JustMutate<Harness> {
    @Override
    public void mutate(Harness h) {
      h.store.compactAll();
    }

    @Override
    public String description() {
      return "compact";
    }
  }

  static final class Restart implements Action.Independent<Harness> {
    @Override
    public Arbitrary<Transformer<Harness>> transformer() {
      return Arbitraries.of(false, true)
          .map(
              dropIndex ->
                  Transformer.mutate(
                      dropIndex ? "restart without index" : "restart",
                      h -> {
                        h.close();
                        if (dropIndex) {
                          try (Stream<Path> files = Files.list(h.dir.resolve("index"))) {
                            for (Path f : files.toList()) {
                              Files.delete(f);
                            }
                          } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        }
                        h.open();
                        for (Map.Entry<String, byte[]> r : h.records.entrySet()) {
                          byte[] k = {(byte) Integer.parseInt(r.getKey().substring(1))};
                          assertThat(PieceStoreContract.await(h.store.getRecord(1, "ns", k)))
                              .hasValueSatisfying(v -> assertThat(v).isEqualTo(r.getValue()));
                        }
                      }));
    }
  }
}
