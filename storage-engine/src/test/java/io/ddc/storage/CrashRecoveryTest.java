package io.ddc.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, 20 rounds on one store: after each
 * restart every acknowledged piece is readable and byte-identical, and every piece the store lists
 * hashes to its CID (no partial piece is served).
 *
 * <p>Start-up of the children dominates the run time, so they start from an AOT cache ({@code
 * -XX:AOTCache}) that one training child builds first, with Chronicle Map's generated class
 * compiled once by the parent, and each child warms up while the previous round is checked.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
  static final int ROUNDS = 20;

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void acknowledgedPiecesSurviveSigkill() throws Exception {
    Map<Cid, long[]> acked = new HashMap<>();
    java.util.Set<Cid> verified = new java.util.HashSet<>();
    Random random = new Random(42);
    List<String> findings = new ArrayList<>();
    int killedMidWrite = 0;
    long started = System.nanoTime();
    chronicleClasses = precompiledChronicleClasses();
    childClassPath = childClassPath();
    aotCache = trainedAotCache();
    System.err.printf(
        "crash test: children prepared in %d ms (AOT cache: %s)%n",
        (System.nanoTime() - started) / 1_000_000, aotCache != null);
    // The next child starts (and warms up) while the current round runs and is checked.
    Process next = startChild(dir.resolve("store"), 0, dir.resolve("warm-0"));
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      Process child = next;
      next =
          round + 1 < ROUNDS
              ? startChild(
                  dir.resolve("store"),
                  (round + 1) * 1_000_000L,
                  dir.resolve("warm-" + (round + 1)))
              : null;
      AtomicInteger roundAcks = new AtomicInteger();
      CountDownLatch firstAck = new CountDownLatch(1);
      try {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).as("child warm-up (round %d)", round).isEqualTo("WARM");
        child.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
        child.getOutputStream().flush();
        String line = in.readLine();
        assertThat(line).as("child start (round %d)", round).isEqualTo("READY");
        long ready = System.nanoTime();
        Thread reader =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        String l;
                        while ((l = in.readLine()) != null) {
                          String[] p = l.split(" ");
                          if (p.length == 4 && p[0].equals("ACK")) {
                            synchronized (acked) {
                              acked.put(
                                  Cid.parse(p[3]),
                                  new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
                            }
                            roundAcks.incrementAndGet();
                            firstAck.countDown();
                          }
                        }
                      } catch (java.io.IOException ignored) {
                        // the child died
                      }
                    });
        // kill while writes are in flight: a random moment after the first acknowledgement
        firstAck.await(20, TimeUnit.SECONDS);
        Thread.sleep(random.nextInt(150));
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
        System.err.printf(
            "crash round %d: child ready after %d ms, %d acks before SIGKILL%n",
            round, (ready - t0) / 1_000_000, roundAcks.get());
      } finally {
        child.destroyForcibly();
      }
      if (roundAcks.get() > 0) {
        killedMidWrite++;
      }
      long checkStarted = System.nanoTime();
      try (PieceStore store =
          PieceStore.openOrRecover(
              dir.resolve("store"),
              new StoreOptions().segmentSize(2 << 20).indexEntries(10_000).minFreeDiskBytes(0),
              c -> findings.add(c.toString()))) {
        Map<Cid, long[]> snapshot;
        synchronized (acked) {
          snapshot = new HashMap<>(acked);
        }
        // every acknowledged piece: new ones all, earlier ones sampled
        List<Cid> old = new ArrayList<>();
        for (Map.Entry<Cid, long[]> e : snapshot.entrySet()) {
          if (verified.contains(e.getKey())) {
            old.add(e.getKey());
            continue;
          }
          byte[] expected = CrashWriterMain.content(e.getValue()[0], (int) e.getValue()[1]);
          assertThat(PieceStoreContract.get(store, e.getKey()))
              .as("acknowledged piece %s after round %d", e.getKey(), round)
              .isEqualTo(expected);
        }
        java.util.Collections.shuffle(old, random);
        for (Cid c : old.subList(0, Math.min(20, old.size()))) {
          long[] v = snapshot.get(c);
          assertThat(PieceStoreContract.get(store, c))
              .isEqualTo(CrashWriterMain.content(v[0], (int) v[1]));
        }
        // every stored piece (acknowledged or not) hashes to its CID
        List<PieceInfo> all = store.list(1).get(30, TimeUnit.SECONDS);
        assertThat(all.size()).isGreaterThanOrEqualTo(snapshot.size());
        for (PieceInfo info : all) {
          if (verified.add(info.cid())) {
            byte[] b = PieceStoreContract.get(store, info.cid());
            assertThat(Cid.compute(Cid.Codec.RAW, b)).isEqualTo(info.cid());
            assertThat((long) b.length).isEqualTo(info.size());
          }
        }
      }
      System.err.printf(
          "crash round %d: recovery and checks %d ms%n",
          round, (System.nanoTime() - checkStarted) / 1_000_000);
    }
    System.err.printf(
        "crash test: %d rounds, %d acknowledged pieces, %d findings, %d s%n",
        ROUNDS, acked.size(), findings.size(), (System.nanoTime() - started) / 1_000_000_000);
    // A kill may leave a torn tail, and a Chronicle Map segment locked or half-updated by the dead
    // process (reported by Chronicle's recovery); never a bad checksum, a bad segment or a rebuild.
    assertThat(findings)
        .allMatch(
            f ->
                f.contains("TORN_TAIL")
                    || (f.contains("INDEX_MISMATCH") && f.contains("recovery:")),
            "only torn tails and Chronicle lock recovery");
    assertThat(acked).hasSizeGreaterThan(ROUNDS);
    assertThat(killedMidWrite).isGreaterThanOrEqualTo(ROUNDS / 2);
  }

  /**
   * Chronicle Map compiles one generated class ({@code VanillaGlobalMutableState$$Native}) with
   * javac in every JVM that creates or opens a map, unless that class is already on the class path.
   * Compile it once here so that the 20 short-lived children skip it; null (children compile it
   * themselves) if Chronicle's generator is not reachable.
   */
  private Path precompiledChronicleClasses() {
    try {
      Class<?> iface = Class.forName("net.openhft.chronicle.hash.VanillaGlobalMutableState");
      Class<?> modelClass = Class.forName("net.openhft.chronicle.values.ValueModel");
      Object model = modelClass.getMethod("acquire", Class.class).invoke(null, iface);
      java.lang.reflect.Method generate =
          Class.forName("net.openhft.chronicle.values.Generators")
              .getDeclaredMethod("generateNativeClass", modelClass, String.class);
      generate.setAccessible(true);
      String simpleName = iface.getSimpleName() + "$$Native";
      String source = (String) generate.invoke(null, model, simpleName);
      Path src = dir.resolve("chronicle-src/net/openhft/chronicle/hash/" + simpleName + ".java");
      java.nio.file.Files.createDirectories(src.getParent());
      java.nio.file.Files.writeString(src, source);
      Path classes = dir.resolve("chronicle-classes");
      int rc =
          javax.tools.ToolProvider.getSystemJavaCompiler()
              .run(
                  null,
                  null,
                  null,
                  "-proc:none",
                  "-nowarn",
                  "-d",
                  classes.toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  src.toString());
      return rc == 0 ? classes : null;
    } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
      System.err.println("crash test: children compile Chronicle's class themselves: " + e);
      return null;
    }
  }

  private Path chronicleClasses;
  private String childClassPath;
  private Path aotCache;

  /**
   * The children's class path: the class directories (ours and Chronicle's precompiled class)
   * packed into one jar, followed by the dependency jars. An AOT cache can only be built from jars,
   * not from non-empty directories.
   */
  private String childClassPath() throws java.io.IOException {
    List<Path> dirs = new ArrayList<>();
    if (chronicleClasses != null) {
      dirs.add(chronicleClasses);
    }
    List<String> jars = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (java.nio.file.Files.isDirectory(Path.of(e))) {
        dirs.add(Path.of(e));
      } else if (!e.isEmpty()) {
        jars.add(e);
      }
    }
    Path jar = dir.resolve("children.jar");
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
      for (Path d : dirs) {
        try (var files = java.nio.file.Files.walk(d)) {
          for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
            String name = d.relativize(f).toString().replace(File.separatorChar, '/');
            if (seen.add(name)) {
              out.putNextEntry(new java.util.jar.JarEntry(name));
              out.write(java.nio.file.Files.readAllBytes(f));
              out.closeEntry();
            }
          }
        }
      }
    }
    jars.add(0, jar.toString());
    return String.join(File.pathSeparator, jars);
  }

  /**
   * Runs one child through its warm-up with {@code -XX:AOTCacheOutput} so that the 20 children
   * start from an AOT cache of the classes it loaded and linked (Chronicle Map's are most of a
   * child's start-up), while this JVM warms up its own store code; null (children start without) if
   * that fails.
   */
  private Path trainedAotCache() throws InterruptedException {
    Path cache = dir.resolve("children.aot");
    try {
      Process p =
          startChild(
              List.of("-XX:AOTCacheOutput=" + cache),
              dir.resolve("train-store"),
              0,
              dir.resolve("train-warm"));
      p.getOutputStream().close(); // no GO: the child exits after its warm-up
      // Meanwhile pay this JVM's own Chronicle start-up (it generates and compiles a class on
      // first use), which the first recovery would otherwise pay on the critical path.
      PieceStore.openOrRecover(
              dir.resolve("parent-warm"),
              new StoreOptions().indexEntries(1000).minFreeDiskBytes(0),
              CorruptionListener.ignoring())
          .close();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (p.waitFor(120, TimeUnit.SECONDS)
          && p.exitValue() == 0
          && java.nio.file.Files.size(cache) > 0) {
        return cache;
      }
      System.err.println("crash test: no AOT cache for the children (training child failed)");
    } catch (java.io.IOException e) {
      System.err.println("crash test: no AOT cache for the children: " + e);
    }
    return null;
  }

  private Process startChild(Path store, long seed, Path scratch) throws java.io.IOException {
    return startChild(
        aotCache == null ? List.of() : List.of("-XX:AOTCache=" + aotCache), store, seed, scratch);
  }

  private Process startChild(List<String> jvmOptions, Path store, long seed, Path scratch)
      throws java.io.IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-javaagent") && !a.startsWith("-agentlib") && !a.startsWith("-Xmx")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx256m");
    // a child lives for about a second: spend its CPU on start-up, not on JIT and GC threads
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(childClassPath);
    cmd.add(CrashWriterMain.class.getName());
    cmd.add(store.toString());
    cmd.add(Long.toString(seed));
    cmd.add("--wait");
    cmd.add(scratch.toString());
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    return p;
  }
}
