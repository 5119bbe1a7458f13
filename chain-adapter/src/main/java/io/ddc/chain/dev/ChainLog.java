package io.ddc.chain.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The dev chain's append-only block log, {@code chain.log} in the data directory
 * (docs/spec/dev-chain.md §4): an 8-byte magic and a version, then one record per block (genesis
 * included) carrying the header, the extrinsics and the block's storage changes. Replaying every
 * record rebuilds the state.
 */
final class ChainLog implements AutoCloseable {
  /* Concurrency: the chain thread alone appends. Each record is written with one positional write at the end of the
   * file, so a crash leaves at most one torn record at the tail, which openOrRecover cuts (and reports). */
  static final String FILE_NAME = "chain.log";
  static final byte[] MAGIC = "DDCCHLOG".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final byte KIND_BLOCK = 1;
  private static final int FILE_HEADER = 12;
  private static final int RECORD_HEADER = 8;

  /** Largest record we accept on replay: 256 MiB. */
  static final int MAX_RECORD = 256 << 20;

  /** One replayed block and the storage changes it made (value {@code null} = deleted). */
  record Entry(Block block, List<Map.Entry<byte[], byte[]>> changes) {}

  private final FileChannel channel;
  private final boolean fsync;
  private long end;

  private ChainLog(FileChannel channel, long end, boolean fsync) {
    this.channel = channel;
    this.end = end;
    this.fsync = fsync;
  }

  /**
   * Opens (creating if absent) the log in {@code dir} and replays it into {@code sink}. A torn last
   * record is cut off and described to {@code report}; a damaged record followed by more data is
   * corruption and fails with {@link DevChainException}: the log is left as it was.
   */
  static ChainLog openOrRecover(
      Path dir, boolean fsync, Consumer<Entry> sink, Consumer<String> report) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME);
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = ch.size();
      if (size < FILE_HEADER) {
        if (size > 0) {
          report.accept(
              file
                  + ": "
                  + size
                  + "-byte file without a complete header, rewritten as an empty log");
        }
        ch.truncate(0);
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).flip();
        writeFully(ch, h, 0);
        ch.force(true);
        return new ChainLog(ch, FILE_HEADER, fsync);
      }
      ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, h, 0);
      h.flip();
      byte[] magic = new byte[8];
      h.get(magic);
      int version = h.getInt();
      if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
        ch.close();
        throw new DevChainException(
            file
                + " is not a dev chain log of version "
                + VERSION
                + " (magic/version "
                + new String(magic, StandardCharsets.ISO_8859_1)
                + "/"
                + version
                + ")");
      }
      long pos = FILE_HEADER;
      ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
      while (pos < size) {
        String torn = null;
        if (size - pos < RECORD_HEADER) {
          torn = "record header cut after " + (size - pos) + " bytes";
        } else {
          rh.clear();
          readFully(ch, rh, pos);
          rh.flip();
          int len = rh.getInt();
          int crc = rh.getInt();
          if (len < 0 || len > MAX_RECORD) {
            torn = "record length " + len + " outside 0.." + MAX_RECORD;
          } else if (size - pos - RECORD_HEADER < len) {
            torn = "record of " + len + " bytes cut after " + (size - pos - RECORD_HEADER);
          } else {
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(ch, payload, pos + RECORD_HEADER);
            CRC32C c = new CRC32C();
            c.update(payload.array());
            if ((int) c.getValue() != crc) {
              torn = "record checksum mismatch";
              if (pos + RECORD_HEADER + len < size) {
                ch.close();
                throw new DevChainException(
                    file
                        + ": record at offset "
                        + pos
                        + " fails its CRC32C and more records follow; the log is"
                        + " corrupt (not a torn tail). Move it away or start with --tmp.");
              }
            } else {
              sink.accept(decode(payload.array()));
              pos += RECORD_HEADER + len;
              continue;
            }
          }
        }
        report.accept(
            file
                + ": torn tail at offset "
                + pos
                + " ("
                + torn
                + "); cut "
                + (size - pos)
                + " bytes, the chain resumes from the last complete block");
        ch.truncate(pos);
        ch.force(true);
        break;
      }
      return new ChainLog(ch, pos, fsync);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the chain log in " + dir, e);
    }
  }

  /**
   * Appends one block with its storage changes ({@link OverlayStorage#TOMBSTONE} marks a deletion).
   */
  void append(Block block, NavigableMap<byte[], byte[]> changes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(KIND_BLOCK);
    out.writeBytes(block.header().encode());
    ByteBuffer ts =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, block.timestampMillis());
    out.writeBytes(ts.array());
    Scale.writeCompact(out, block.extrinsics().size());
    for (byte[] x : block.extrinsics()) {
      Scale.writeBytes(out, x);
    }
    Scale.writeCompact(out, changes.size());
    for (Map.Entry<byte[], byte[]> e : changes.entrySet()) {
      Scale.writeBytes(out, e.getKey());
      if (e.getValue() == OverlayStorage.TOMBSTONE) {
        out.write(0);
      } else {
        out.write(1);
        Scale.writeBytes(out, e.getValue());
      }
    }
    byte[] payload = out.toByteArray();
    CRC32C c = new CRC32C();
    c.update(payload);
    ByteBuffer rec =
        ByteBuffer.allocate(RECORD_HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    rec.putInt(payload.length).putInt((int) c.getValue()).put(payload).flip();
    try {
      writeFully(channel, rec, end);
      end += RECORD_HEADER + payload.length;
      if (fsync) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot append block " + block.number() + " to the chain log", e);
    }
  }

  static Entry decode(byte[] payload) {
    ByteBuffer buf = Scale.le(payload);
    byte kind = buf.get();
    if (kind != KIND_BLOCK) {
      throw new DevChainException("unknown chain log record kind " + kind);
    }
    Header header = Header.decode(buf);
    long ts = buf.getLong();
    long n = Scale.readCompact(buf);
    List<byte[]> xts = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      xts.add(Scale.readBytes(buf));
    }
    long m = Scale.readCompact(buf);
    List<Map.Entry<byte[], byte[]>> changes = new ArrayList<>((int) m);
    for (long i = 0; i < m; i++) {
      byte[] key = Scale.readBytes(buf);
      byte tag = buf.get();
      byte[] value = tag == 0 ? null : Scale.readBytes(buf);
      changes.add(new java.util.AbstractMap.SimpleImmutableEntry<>(key, value));
    }
    return new Entry(new Block(header, xts, ts), changes);
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int r = ch.read(b, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file at " + pos);
      }
      pos += r;
    }
  }

  @Override
  public void close() {
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
