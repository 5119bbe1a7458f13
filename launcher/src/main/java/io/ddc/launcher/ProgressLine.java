package io.ddc.launcher;

import io.ddc.client.Progress;
import java.io.PrintStream;

/** A progress line on stderr, redrawn at most every 200 ms, only when stderr is a terminal. */
final class ProgressLine implements Progress {
  private final PrintStream err;
  private final String what;
  private final boolean enabled = System.console() != null;
  private final long started = System.nanoTime();
  private long lastDraw;

  ProgressLine(PrintStream err, String what) {
    this.err = err;
    this.what = what;
  }

  @Override
  public void update(long done, long total) {
    long now = System.nanoTime();
    if (!enabled || now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    double secs = Math.max(1e-3, (now - started) / 1e9);
    String pct = total > 0 ? String.format(" %5.1f%%", 100.0 * done / total) : "";
    err.printf(
        "\r%s %s%s  %.1f MiB/s   ",
        what, mib(done) + (total > 0 ? " / " + mib(total) : ""), pct, done / secs / 1048576);
    err.flush();
  }

  void finish() {
    if (enabled && lastDraw != 0) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  private static String mib(long b) {
    return String.format("%.1f MiB", b / 1048576.0);
  }
}
