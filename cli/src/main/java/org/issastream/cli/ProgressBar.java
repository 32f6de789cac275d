package org.issastream.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar with rate and ETA, redrawn in place on stderr at most every 200 ms.
 * Thread-safe.
 */
final class ProgressBar {
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startNs = System.nanoTime();
  private long lastDrawNs;
  private long done;

  /** @param total expected count, or a value <= 0 when unknown */
  ProgressBar(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  synchronized void update(long doneNow) {
    done = Math.max(done, doneNow);
    long now = System.nanoTime();
    if (now - lastDrawNs >= 200_000_000L) {
      lastDrawNs = now;
      draw(now);
    }
  }

  synchronized void finish() {
    draw(System.nanoTime());
    out.println();
    out.flush();
  }

  double rate() {
    double s = (System.nanoTime() - startNs) / 1e9;
    return s > 0 ? done / s : 0;
  }

  private void draw(long now) {
    double s = (now - startNs) / 1e9;
    double rate = s > 0 ? done / s : 0;
    StringBuilder sb = new StringBuilder("\r").append(label).append(' ');
    if (total > 0) {
      int width = 30;
      int filled = (int) Math.min(width, done * width / total);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      sb.append(done).append('/').append(total);
      String eta = rate > 0 ? formatSeconds((total - done) / rate) : "?";
      sb.append(String.format("  %.1f/s  ETA %s", rate, eta));
    } else {
      sb.append(done).append(String.format("  %.1f/s", rate));
    }
    sb.append("   ");
    out.print(sb);
    out.flush();
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String.format("%d:%02d", t / 60, t % 60);
  }
}
