package io.ddc.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The regular files under a directory, by relative path; blocking file I/O. */
final class DirectoryListing {
  private DirectoryListing() {}

  /** A file, its {@code /}-separated path relative to the directory, and its size. */
  record Entry(Path path, String name, long size) {}

  /** Every regular file under {@code dir} (symbolic links not followed), sorted by name. */
  static List<Entry> of(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new DdcClientException(dir + " is not a directory");
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              p -> {
                String rel =
                    dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                try {
                  out.add(new Entry(p, rel, Files.size(p)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (out.isEmpty()) {
      throw new DdcClientException(dir + " holds no files");
    }
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }
}
