package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
  private static String print(boolean json, Map<String, ?> fields, String text) {
    Output o = new Output();
    o.json = json;
    StringWriter w = new StringWriter();
    o.print(new PrintWriter(w), fields, text);
    return w.toString();
  }

  @Test
  void jsonKeepsOrderAndPrintsBigAmountsAsStrings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("free", new BigInteger("340282366920938463463374607431768211455"));
    m.put("id", 7L);
    m.put("public", true);
    assertThat(print(true, m, "7").strip())
        .isEqualTo(
            "{\"free\":\"340282366920938463463374607431768211455\",\"id\":7,\"public\":true}");
  }

  @Test
  void textAlignsKeysOrPrintsTheBareValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", 7L);
    m.put("owner", "6Q…");
    m.put("skipped", null);
    assertThat(print(false, m, null))
        .isEqualTo("id     7\nowner  6Q…\n".replace("\n", System.lineSeparator()));
    assertThat(print(false, m, "7").strip()).isEqualTo("7");
  }

  @Test
  void rowsAsJsonArrayOrTabSeparatedWithHeader() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", "index.html");
    r.put("size", 13L);
    Output o = new Output();
    StringWriter w = new StringWriter();
    o.printRows(new PrintWriter(w), List.of(r), "none");
    assertThat(w.toString().lines().toList()).containsExactly("name\tsize", "index.html\t13");
    o.json = true;
    w = new StringWriter();
    o.printRows(new PrintWriter(w), List.of(), "none");
    assertThat(w.toString().strip()).isEqualTo("[]");
  }
}
