package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Content sniffing by the first bytes (docs/spec/gateway.md, "Content sniffing"). */
class ContentSnifferTest {
  private static String sniff(byte[] b) {
    return ContentSniffer.sniff(b, Math.min(b.length, ContentSniffer.WINDOW));
  }

  private static String sniff(String s) {
    return sniff(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length + 32];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private static byte[] ascii(String head, int total) {
    byte[] b = new byte[total];
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(h, 0, b, 0, h.length);
    return b;
  }

  @Test
  void binarySignatures() throws Exception {
    assertThat(sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13)))
        .isEqualTo("image/png");
    assertThat(sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F')))
        .isEqualTo("image/jpeg");
    assertThat(sniff(ascii("GIF89a", 40))).isEqualTo("image/gif");
    assertThat(sniff(ascii("GIF87a", 40))).isEqualTo("image/gif");
    assertThat(sniff(ascii("RIFF\u0024\0\0\0WEBPVP8 ", 40))).isEqualTo("image/webp");
    assertThat(sniff(ascii("RIFF\u0024\0\0\0WAVEfmt ", 40))).isEqualTo("application/octet-stream");
    assertThat(sniff("%PDF-1.7\n%âãÏÓ\n")).isEqualTo("application/pdf");
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("a.txt"));
      z.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(sniff(zip.toByteArray())).isEqualTo("application/zip");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(sniff(gz.toByteArray())).isEqualTo("application/gzip");
    assertThat(sniff(ascii("\0\0\0\u0020ftypisom\0\0\u0002\0", 64))).isEqualTo("video/mp4");
    byte[] webm =
        ascii("\u001A\u0045\u00DF\u00A3\u009F\u0042\u0086\u0081\u0001\u0042\u0082\u0084webm", 64);
    assertThat(sniff(webm)).isEqualTo("video/webm");
    byte[] mkv =
        ascii(
            "\u001A\u0045\u00DF\u00A3\u00A3\u0042\u0086\u0081\u0001\u0042\u0082\u0088matroska", 64);
    assertThat(sniff(mkv)).isEqualTo("video/x-matroska");
  }

  @Test
  void markupJsonAndText() {
    assertThat(sniff("<!DOCTYPE html>\n<html><body>hi</body></html>"))
        .isEqualTo("text/html; charset=utf-8");
    assertThat(sniff("\uFEFF  \n<HTML lang=\"en\">")).isEqualTo("text/html; charset=utf-8");
    assertThat(sniff("<p>a paragraph</p>")).isEqualTo("text/html; charset=utf-8");
    assertThat(sniff("<!-- comment -->")).isEqualTo("text/html; charset=utf-8");
    // a tag name must end where the sniffed one ends
    assertThat(sniff("<pre-formatted words")).isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")).isEqualTo("image/svg+xml");
    assertThat(sniff("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
        .isEqualTo("image/svg+xml");
    assertThat(sniff("<?xml version=\"1.0\"?>\n<feed/>")).isEqualTo("application/xml");
    assertThat(sniff("{\"a\": [1, 2]}")).isEqualTo("application/json");
    assertThat(sniff("  [\n  {\"id\": 1}\n]")).isEqualTo("application/json");
    assertThat(sniff("[]")).isEqualTo("application/json");
    assertThat(sniff("[section]\nkey=value\n")).isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff("{not json")).isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff("plain words, ümlauts and 日本語\r\n")).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void binaryAndEdgeCases() {
    assertThat(ContentSniffer.sniff(new byte[0], 0)).isEqualTo("application/octet-stream");
    byte[] random = new byte[4096];
    new Random(1).nextBytes(random);
    random[0] = 'x';
    assertThat(sniff(random)).isEqualTo("application/octet-stream");
    assertThat(sniff(new byte[] {'a', 'b', 0, 'c'})).isEqualTo("application/octet-stream");
    // malformed UTF-8: an overlong encoding and a lone continuation byte
    assertThat(ContentSniffer.isText(new byte[] {(byte) 0xC0, (byte) 0xAF}, 2)).isFalse();
    assertThat(ContentSniffer.isText(new byte[] {'a', (byte) 0x80}, 2)).isFalse();
    // a sequence cut by the end of the window is still text
    byte[] cut = "abc日".getBytes(StandardCharsets.UTF_8);
    assertThat(ContentSniffer.isText(cut, cut.length - 1)).isTrue();
    // only the window counts: text followed by binary beyond it is text
    byte[] late = new byte[ContentSniffer.WINDOW + 10];
    java.util.Arrays.fill(late, (byte) 'a');
    late[ContentSniffer.WINDOW + 5] = 0;
    assertThat(sniff(late)).isEqualTo("text/plain; charset=utf-8");
  }
}
