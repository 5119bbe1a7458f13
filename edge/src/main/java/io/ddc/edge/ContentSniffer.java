package io.ddc.edge;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The media type of content whose link name says nothing, from its first {@link #WINDOW} bytes
 * (docs/spec/gateway.md, "Content sniffing"): binary signatures first, then markup, JSON and plain
 * UTF-8 text; anything else is {@code application/octet-stream}.
 */
final class ContentSniffer {
  /** Bytes looked at. */
  static final int WINDOW = 512;

  static final String OCTET_STREAM = "application/octet-stream";

  private static final String[] HTML_TAGS = {
    "!doctype html",
    "html",
    "head",
    "body",
    "script",
    "style",
    "title",
    "iframe",
    "table",
    "div",
    "font",
    "h1",
    "p",
    "a",
    "b",
    "br",
    "!--"
  };

  private ContentSniffer() {}

  /** The type of content starting with {@code b[0..n)}; {@code n} may be less than the window. */
  static String sniff(byte[] b, int n) {
    if (n <= 0) {
      return OCTET_STREAM;
    }
    if (startsWith(b, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (startsWith(b, n, 0, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(b, n, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(b, n, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return "image/gif";
    }
    if (startsWith(b, n, 0, 'R', 'I', 'F', 'F') && startsWith(b, n, 8, 'W', 'E', 'B', 'P')) {
      return "image/webp";
    }
    if (startsWith(b, n, 0, '%', 'P', 'D', 'F', '-')) {
      return "application/pdf";
    }
    if (startsWith(b, n, 0, 'P', 'K', 3, 4)
        || startsWith(b, n, 0, 'P', 'K', 5, 6)
        || startsWith(b, n, 0, 'P', 'K', 7, 8)) {
      return "application/zip";
    }
    if (startsWith(b, n, 0, 0x1F, 0x8B, 0x08)) {
      return "application/gzip";
    }
    if (startsWith(b, n, 4, 'f', 't', 'y', 'p')) {
      return "video/mp4";
    }
    if (startsWith(b, n, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
      return contains(b, n, "webm") ? "video/webm" : "video/x-matroska";
    }
    if (!isText(b, n)) {
      return OCTET_STREAM;
    }
    int i = skipBomAndSpace(b, n);
    String head =
        new String(b, i, Math.min(n - i, 64), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    if (head.startsWith("<svg") && tagEnds(head, 4)
        || head.startsWith("<?xml") && contains(b, n, "<svg")) {
      return "image/svg+xml";
    }
    if (head.startsWith("<?xml")) {
      return "application/xml";
    }
    if (head.startsWith("<")) {
      for (String tag : HTML_TAGS) {
        if (head.startsWith(tag, 1) && tagEnds(head, 1 + tag.length())) {
          return "text/html; charset=utf-8";
        }
      }
    }
    if (looksLikeJson(b, n, i)) {
      return "application/json";
    }
    return "text/plain; charset=utf-8";
  }

  /** A tag name ends at a space, {@code >} or {@code /} (or the end of what was read). */
  private static boolean tagEnds(String s, int at) {
    if (at >= s.length()) {
      return true;
    }
    char c = s.charAt(at);
    return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r';
  }

  /** An object or array whose first member starts like a JSON value. */
  private static boolean looksLikeJson(byte[] b, int n, int i) {
    if (i >= n || (b[i] != '{' && b[i] != '[')) {
      return false;
    }
    boolean object = b[i] == '{';
    int j = i + 1;
    while (j < n && isSpace(b[j])) {
      j++;
    }
    if (j >= n) {
      return true;
    }
    byte c = b[j];
    if (object) {
      return c == '"' || c == '}';
    }
    return c == '"'
        || c == '{'
        || c == '['
        || c == ']'
        || c == '-'
        || (c >= '0' && c <= '9')
        || c == 't'
        || c == 'f'
        || c == 'n';
  }

  private static int skipBomAndSpace(byte[] b, int n) {
    int i = startsWith(b, n, 0, 0xEF, 0xBB, 0xBF) ? 3 : 0;
    while (i < n && isSpace(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /**
   * Well-formed UTF-8 without control bytes other than tab, line feed, form feed, carriage return
   * and escape; a sequence cut by the end of the window counts as well-formed.
   */
  static boolean isText(byte[] b, int n) {
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1B
            || c == 0x7F) {
          return false;
        }
        i++;
        continue;
      }
      int more;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        more = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        more = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        more = 3;
        min = 0x10000;
      } else {
        return false;
      }
      int cp = c & (0x3F >> more);
      for (int k = 1; k <= more; k++) {
        if (i + k >= n) {
          return true; // cut by the window
        }
        int cc = b[i + k] & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += more + 1;
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int n, int at, int... sig) {
    if (at + sig.length > n) {
      return false;
    }
    for (int k = 0; k < sig.length; k++) {
      if ((b[at + k] & 0xFF) != sig[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(byte[] b, int n, String ascii) {
    byte[] s = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + s.length <= n; i++) {
      for (int k = 0; k < s.length; k++) {
        if (b[i + k] != s[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
