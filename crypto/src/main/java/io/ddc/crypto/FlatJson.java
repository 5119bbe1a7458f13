package io.ddc.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the flat JSON objects of key files: string keys, values that are strings or
 * non-negative integers. Anything else is rejected with {@link InvalidKeyFileException}.
 */
final class FlatJson {
  private final String s;
  private int at;

  private FlatJson(String s) {
    this.s = s;
  }

  /** Values are {@link String} or {@link Long}. */
  static Map<String, Object> parse(String json) {
    FlatJson p = new FlatJson(json);
    Map<String, Object> out = new LinkedHashMap<>();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.at++;
    } else {
      while (true) {
        String key = p.string();
        p.expect(':');
        p.skipSpace();
        Object value = p.peek() == '"' ? p.string() : p.number();
        if (out.put(key, value) != null) {
          throw new InvalidKeyFileException("key file: field '" + key + "' appears twice");
        }
        p.skipSpace();
        char c = p.next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw p.error("',' or '}'");
        }
      }
    }
    p.skipSpace();
    if (p.at != json.length()) {
      throw p.error("the end of the file");
    }
    return out;
  }

  static String write(Map<String, Object> fields) {
    StringBuilder sb = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      sb.append("  ");
      quote(sb, e.getKey());
      sb.append(": ");
      if (e.getValue() instanceof String v) {
        quote(sb, v);
      } else {
        sb.append(e.getValue());
      }
      sb.append(++i < fields.size() ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }

  private static void quote(StringBuilder sb, String v) {
    sb.append('"');
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private String string() {
    skipSpace();
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("an escaped control character");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          if (at + 4 > s.length()) {
            throw error("four hex digits");
          }
          try {
            sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("four hex digits");
          }
          at += 4;
        }
        default -> throw error("a JSON escape");
      }
    }
  }

  private Long number() {
    int start = at;
    while (at < s.length() && Character.isDigit(s.charAt(at))) {
      at++;
    }
    if (start == at || at - start > 9) {
      throw error("a string or a small non-negative integer");
    }
    return Long.parseLong(s.substring(start, at));
  }

  private void expect(char c) {
    skipSpace();
    if (next() != c) {
      throw error("'" + c + "'");
    }
  }

  private char peek() {
    if (at >= s.length()) {
      throw error("more input");
    }
    return s.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void skipSpace() {
    while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
      at++;
    }
  }

  private InvalidKeyFileException error(String expected) {
    return new InvalidKeyFileException(
        "key file is not valid JSON: expected " + expected + " at character " + at);
  }
}
