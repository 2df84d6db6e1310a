package io.countersign.trainer.training;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar for an epoch: done/total, loss, pairs per second and ETA. */
public final class ProgressBar {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;

    /** A bar for {@code total} pairs, drawn on {@code out} (stderr: stdout is for results). */
    public ProgressBar(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** Redraws (at most twice a second, and always at the end). */
    public void update(int done, double meanLoss) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print('\r' + render(done, meanLoss, (now - start) / 1e9));
        if (done >= total) {
            out.print('\r' + " ".repeat(render(done, meanLoss, 0).length() + 8) + '\r');
        }
        out.flush();
    }

    /** The bar's text for a state; public for tests. */
    public String render(int done, double meanLoss, double elapsedSeconds) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %d/%d loss %.4f %.1f pairs/s ETA %d:%02d",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                done,
                total,
                meanLoss,
                rate,
                eta / 60,
                eta % 60);
    }
}
