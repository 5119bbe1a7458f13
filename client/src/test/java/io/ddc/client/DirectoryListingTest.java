package io.ddc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryListingTest {
  @TempDir Path dir;

  @Test
  void everyFileBySlashSeparatedRelativePathSorted() throws Exception {
    Files.createDirectories(dir.resolve("b/c"));
    Files.writeString(dir.resolve("z.txt"), "zz");
    Files.writeString(dir.resolve("b/c/d.bin"), "1234");
    Files.writeString(dir.resolve("a.html"), "a");
    assertThat(DirectoryListing.of(dir))
        .extracting(DirectoryListing.Entry::name, DirectoryListing.Entry::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.html", 1L),
            org.assertj.core.groups.Tuple.tuple("b/c/d.bin", 4L),
            org.assertj.core.groups.Tuple.tuple("z.txt", 2L));
  }

  @Test
  void refusesAFileAndAnEmptyDirectory() throws Exception {
    Files.createDirectories(dir.resolve("empty/sub"));
    assertThatThrownBy(() -> DirectoryListing.of(dir.resolve("empty")))
        .isInstanceOf(DdcClientException.class)
        .hasMessageEndingWith("holds no files");
    Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(() -> DirectoryListing.of(dir.resolve("f")))
        .hasMessageEndingWith("is not a directory");
  }
}
