package io.ddc.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * Renders a {@link LoadResult} as one self-contained HTML page (inline SVG, no scripts, no external
 * resources): throughput, errors, latency and bytes over time, the latency percentile spectrum per
 * operation, and tables.
 */
public final class HtmlReport {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int W = 860;
  private static final int H = 260;
  private static final int PAD_L = 64;
  private static final int PAD_R = 16;
  private static final int PAD_T = 28;
  private static final int PAD_B = 36;

  private HtmlReport() {}

  /** Writes the report to {@code file}. */
  public static void write(LoadResult r, Path file) throws IOException {
    Files.writeString(file, render(r), StandardCharsets.UTF_8);
  }

  /** The report's HTML. */
  public static String render(LoadResult r) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!doctype html><html lang=en><meta charset=utf-8><title>DDC load test — ")
        .append(esc(r.target()))
        .append("</title><style>")
        .append(
            "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:900px;color:#222}"
                + "h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px}"
                + ".sub{color:#666}table{border-collapse:collapse;margin:8px 0}"
                + "td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}"
                + ".kpi{display:inline-block;margin:8px 18px 8px 0}.kpi b{display:block;font-size:22px}"
                + ".bad{color:#c00}svg text{font:11px system-ui,sans-serif;fill:#444}")
        .append("</style>");
    h.append("<h1>Load test: ").append(esc(r.target())).append("</h1>");
    h.append("<div class=sub>started ")
        .append(esc(r.startedAt().toString()))
        .append(" · ")
        .append(fmt(r.seconds()))
        .append(" s measured · ")
        .append(modelLine(r.options()))
        .append(" · sizes ")
        .append(esc(r.options().sizes().toString()))
        .append("</div>");

    long totalBytes = r.series().stream().mapToLong(LoadResult.SecondStats::bytes).sum();
    Histogram all = new Histogram(OpStats.MAX_MICROS, 3);
    r.ops().values().forEach(o -> all.add(o.latency()));
    h.append("<div>");
    kpi(h, "throughput", fmt(r.totalOps() / r.seconds()) + " ops/s", false);
    kpi(h, "p50", ms(all, 50), false);
    kpi(h, "p99", ms(all, 99), false);
    kpi(h, "p99.9", ms(all, 99.9), false);
    kpi(h, "bytes/s", Sizes.format(totalBytes / r.seconds()) + "/s", false);
    kpi(h, "errors", Long.toString(r.totalErrors()), r.totalErrors() > 0);
    kpi(h, "content checks", r.verified() + " (" + r.mismatches() + " bad)", r.mismatches() > 0);
    h.append("</div>");

    List<LoadResult.SecondStats> s = r.series();
    h.append("<h2>Throughput over time</h2>");
    h.append(
        chart(
            s,
            List.of(new Line("ops/s", x -> x.ops()), new Line("errors/s", x -> x.errors())),
            "ops/s"));
    h.append(
        r.options().model() == LoadOptions.Model.OPEN
            ? "<h2>Latency over time (corrected for coordinated omission)</h2>"
            : "<h2>Latency over time (service times: closed loop)</h2>");
    h.append(
        chart(
            s,
            List.of(
                new Line("p50", LoadResult.SecondStats::p50Millis),
                new Line("p99", LoadResult.SecondStats::p99Millis)),
            "ms"));
    h.append("<h2>Bytes per second</h2>");
    h.append(chart(s, List.of(new Line("MiB/s", x -> x.bytes() / 1048576.0)), "MiB/s"));
    h.append("<h2>Latency percentile spectrum</h2>");
    h.append(spectrum(r.ops()));

    h.append(
        "<h2>Operations</h2><table><tr><th>operation<th>ok<th>failed<th>ops/s<th>p50 ms<th>p90<th>p99<th>p99.9<th>p99.99<th>max<th>service p99</tr>");
    for (OpStats o : r.ops().values()) {
      h.append("<tr><td>")
          .append(esc(o.name()))
          .append("<td>")
          .append(o.ok())
          .append("<td")
          .append(o.failed() > 0 ? " class=bad>" : ">")
          .append(o.failed())
          .append("<td>")
          .append(fmt((o.ok() + o.failed()) / r.seconds()));
      for (double p : new double[] {50, 90, 99, 99.9, 99.99}) {
        h.append("<td>").append(ms(o.latency(), p));
      }
      h.append("<td>")
          .append(fmt(o.latency().getMaxValue() / 1000.0))
          .append("<td>")
          .append(ms(o.service(), 99))
          .append("</tr>");
    }
    h.append("</table>");

    h.append("<h2>Errors by status</h2>");
    if (r.errors().isEmpty()) {
      h.append("<p>none</p>");
    } else {
      h.append("<table><tr><th>operation and status<th>count</tr>");
      r.errors()
          .forEach(
              (k, v) ->
                  h.append("<tr><td>")
                      .append(esc(k))
                      .append("<td class=bad>")
                      .append(v)
                      .append("</tr>"));
      h.append("</table>");
    }
    if (r.dropped() > 0) {
      h.append("<p class=bad>")
          .append(r.dropped())
          .append(
              " due requests were dropped because the load generator fell more than 10 s behind; the target rate"
                  + " was not offered.</p>");
    }
    h.append("<h2>Settings</h2><pre>")
        .append(esc(r.options().toJson().encodePrettily()))
        .append("</pre>");
    h.append("</html>\n");
    return h.toString();
  }

  /** Which load model ran, as one phrase for the page's subtitle. */
  static String modelLine(LoadOptions o) {
    return o.model() == LoadOptions.Model.OPEN
        ? "open model: target rate "
            + fmt(o.rate())
            + " ops/s, at most "
            + o.concurrency()
            + " in flight"
        : "closed loop: "
            + o.concurrency()
            + " workers, each sending when its previous request completed (latencies are service"
            + " times)";
  }

  private record Line(String name, ToDoubleFunction<LoadResult.SecondStats> value) {}

  private static String chart(List<LoadResult.SecondStats> s, List<Line> lines, String unit) {
    double maxY = 0;
    for (Line l : lines) {
      for (LoadResult.SecondStats x : s) {
        maxY = Math.max(maxY, l.value().applyAsDouble(x));
      }
    }
    maxY = niceCeil(maxY);
    int n = Math.max(1, s.size());
    StringBuilder g = svgOpen();
    axes(g, 0, n, maxY, unit, "seconds", false);
    for (int li = 0; li < lines.size(); li++) {
      Line l = lines.get(li);
      List<String> pts = new ArrayList<>();
      for (LoadResult.SecondStats x : s) {
        pts.add(px(x.second() + 0.5, 0, n) + "," + py(l.value().applyAsDouble(x), maxY));
      }
      g.append("<polyline fill=none stroke-width=1.8 stroke='")
          .append(COLORS[li % COLORS.length])
          .append("' points='")
          .append(String.join(" ", pts))
          .append("'/>");
      legend(g, li, l.name());
    }
    return g.append("</svg>").toString();
  }

  /** Latency against percentile on a "nines" axis: x = log10(1 / (1 − p)). */
  private static String spectrum(Map<String, OpStats> ops) {
    double maxX = 5; // 99.999 %
    double maxY = 0;
    for (OpStats o : ops.values()) {
      maxY = Math.max(maxY, o.latency().getMaxValue() / 1000.0);
    }
    maxY = niceCeil(maxY);
    StringBuilder g = svgOpen();
    axes(g, 0, maxX, maxY, "ms", "percentile", true);
    int li = 0;
    for (OpStats o : ops.values()) {
      if (o.latency().getTotalCount() == 0) {
        continue;
      }
      List<String> pts = new ArrayList<>();
      for (double x = 0; x <= maxX + 1e-9; x += 0.05) {
        double p = 100 * (1 - Math.pow(10, -x));
        pts.add(px(x, 0, maxX) + "," + py(o.latency().getValueAtPercentile(p) / 1000.0, maxY));
      }
      g.append("<polyline fill=none stroke-width=1.8 stroke='")
          .append(COLORS[li % COLORS.length])
          .append("' points='")
          .append(String.join(" ", pts))
          .append("'/>");
      legend(g, li, o.name());
      li++;
    }
    return g.append("</svg>").toString();
  }

  private static StringBuilder svgOpen() {
    return new StringBuilder()
        .append("<svg xmlns='http://www.w3.org/2000/svg' width=")
        .append(W)
        .append(" height=")
        .append(H)
        .append(" viewBox='0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("'>");
  }

  private static void axes(
      StringBuilder g,
      double minX,
      double maxX,
      double maxY,
      String yUnit,
      String xUnit,
      boolean nines) {
    int x0 = PAD_L;
    int y0 = H - PAD_B;
    g.append("<line x1=")
        .append(x0)
        .append(" y1=")
        .append(y0)
        .append(" x2=")
        .append(W - PAD_R)
        .append(" y2=")
        .append(y0)
        .append(" stroke='#888'/>");
    g.append("<line x1=")
        .append(x0)
        .append(" y1=")
        .append(PAD_T)
        .append(" x2=")
        .append(x0)
        .append(" y2=")
        .append(y0)
        .append(" stroke='#888'/>");
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      String y = py(v, maxY);
      g.append("<line x1=")
          .append(x0)
          .append(" x2=")
          .append(W - PAD_R)
          .append(" y1=")
          .append(y)
          .append(" y2=")
          .append(y)
          .append(" stroke='#eee'/>");
      g.append("<text x=")
          .append(x0 - 6)
          .append(" y=")
          .append(y)
          .append(" text-anchor=end dy=4>")
          .append(fmt(v))
          .append("</text>");
    }
    g.append("<text x=8 y=16>").append(esc(yUnit)).append("</text>");
    if (nines) {
      String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
      for (int i = 0; i <= 5; i++) {
        g.append("<text x=")
            .append(px(i, 0, maxX))
            .append(" y=")
            .append(y0 + 16)
            .append(" text-anchor=middle>")
            .append(labels[i])
            .append("</text>");
      }
    } else {
      int ticks = 6;
      for (int i = 0; i <= ticks; i++) {
        double v = minX + (maxX - minX) * i / ticks;
        g.append("<text x=")
            .append(px(v, minX, maxX))
            .append(" y=")
            .append(y0 + 16)
            .append(" text-anchor=middle>")
            .append(fmt(v))
            .append("</text>");
      }
    }
    g.append("<text x=")
        .append(W - PAD_R)
        .append(" y=")
        .append(H - 4)
        .append(" text-anchor=end>")
        .append(esc(xUnit))
        .append("</text>");
  }

  private static void legend(StringBuilder g, int i, String name) {
    int x = PAD_L + 10 + i * 110;
    g.append("<rect x=")
        .append(x)
        .append(" y=8 width=12 height=3 fill='")
        .append(COLORS[i % COLORS.length])
        .append("'/>");
    g.append("<text x=").append(x + 16).append(" y=13>").append(esc(name)).append("</text>");
  }

  private static String px(double x, double minX, double maxX) {
    double w = W - PAD_L - PAD_R;
    return fmt2(PAD_L + (maxX == minX ? 0 : (x - minX) / (maxX - minX)) * w);
  }

  private static String py(double y, double maxY) {
    double h = H - PAD_T - PAD_B;
    return fmt2(H - PAD_B - (maxY == 0 ? 0 : Math.min(1, y / maxY)) * h);
  }

  private static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double e = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * e >= v) {
        return m * e;
      }
    }
    return 10 * e;
  }

  private static void kpi(StringBuilder h, String name, String value, boolean bad) {
    h.append("<span class=kpi")
        .append(bad ? " style='color:#c00'" : "")
        .append('>')
        .append("<b>")
        .append(esc(value))
        .append("</b>")
        .append(esc(name))
        .append("</span>");
  }

  private static String ms(Histogram h, double p) {
    return h.getTotalCount() == 0 ? "–" : fmt(h.getValueAtPercentile(p) / 1000.0);
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(
        Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }

  private static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
