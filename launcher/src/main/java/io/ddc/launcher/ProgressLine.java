package io.ddc.launcher;

import io.ddc.client.Progress;
import java.io.PrintWriter;

/**
 * Progress on stderr (bytes, percentage, rate, time left): on a terminal one line redrawn at most
 * every 200 ms and erased at the end; elsewhere nothing, unless {@code lines} asks for whole lines
 * (at most one a second, and a last one at the end) for logs and scripts.
 */
final class ProgressLine implements Progress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long LINE_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final String what;
  private final boolean terminal = System.console() != null && System.console().isTerminal();
  private final boolean lines;
  private final long started = System.nanoTime();
  private long lastDraw;
  private long lastDone;
  private long lastTotal = -1;

  ProgressLine(PrintWriter err, String what) {
    this(err, what, false);
  }

  /** {@code lines}: print whole lines even when stderr is not a terminal. */
  ProgressLine(PrintWriter err, String what, boolean lines) {
    this.err = err;
    this.what = what;
    this.lines = lines && !terminal;
  }

  @Override
  public synchronized void update(long done, long total) {
    long now = System.nanoTime();
    lastDone = done;
    lastTotal = total;
    if (terminal && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      err.print("\r" + line(done, total, (now - started) / 1e9) + "   ");
      err.flush();
    } else if (lines && now - lastDraw >= LINE_NANOS) {
      lastDraw = now;
      err.println(line(done, total, (now - started) / 1e9));
      err.flush();
    }
  }

  synchronized void finish() {
    if (terminal && lastDraw != 0) {
      err.print("\r\033[K");
      err.flush();
    } else if (lines) {
      err.println(line(lastDone, lastTotal, (System.nanoTime() - started) / 1e9));
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
