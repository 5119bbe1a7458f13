package io.ddc.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/** File naming and directory sync for segment files (docs/spec/storage-format.md §1). */
final class SegmentFiles {
  private SegmentFiles() {}

  static final String SUFFIX = ".seg";

  static String name(long segmentId) {
    return HexFormat.of().toHexDigits(segmentId) + SUFFIX;
  }

  /** The id of a segment file name, or -1 if it is not one. */
  static long idOf(String fileName) {
    if (fileName.length() != 16 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
      return -1;
    }
    try {
      return HexFormat.fromHexDigitsToLong(fileName.substring(0, 16));
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /** Makes a directory's entries (created, renamed, deleted files) durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
