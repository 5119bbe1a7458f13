package io.ddc.launcher;

import io.ddc.client.Progress;
import java.io.PrintWriter;

/**
 * A progress line on stderr (bytes, percentage, rate, time left), redrawn at most every 200 ms,
 * only when stderr is a terminal.
 */
final class ProgressLine implements Progress {
  private final PrintWriter err;
  private final String what;
  private final boolean enabled = System.console() != null;
  private final long started = System.nanoTime();
  private long lastDraw;

  ProgressLine(PrintWriter err, String what) {
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
    err.print("\r" + line(done, total, (now - started) / 1e9) + "   ");
    err.flush();
  }

  void finish() {
    if (enabled && lastDraw != 0) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  /** The progress text: what, bytes done of total, percentage, rate and time left. */
  String line(long done, long total, double seconds) {
    double rate = done / Math.max(1e-3, seconds);
    StringBuilder sb = new StringBuilder(what).append(' ').append(mib(done));
    if (total > 0) {
      sb.append(" / ").append(mib(total)).append(String.format(" %5.1f%%", 100.0 * done / total));
    }
    sb.append(String.format("  %.1f MiB/s", rate / 1048576));
    if (total > 0 && done > 0 && done < total) {
      long eta = (long) Math.ceil((total - done) / rate);
      sb.append(String.format("  ETA %d:%02d", eta / 60, eta % 60));
    }
    return sb.toString();
  }

  private static String mib(long b) {
    return String.format("%.1f MiB", b / 1048576.0);
  }
}
