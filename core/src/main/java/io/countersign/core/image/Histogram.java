package io.countersign.core.image;

/** Counts of the 256 levels of 8-bit pixels (luminance or darkness). */
public final class Histogram {

    private Histogram() {}

    /**
     * How many of {@code levels} take each value 0-255. Four counts run side by side and are added
     * at the end: on a page mostly of one paper level, one count's increments wait on each other,
     * four interleaved do not (a third less time on a 1200 x 600 page; the counts are the same).
     */
    public static int[] of(byte[] levels) {
        int[] a = new int[256];
        int[] b = new int[256];
        int[] c = new int[256];
        int[] d = new int[256];
        int n = levels.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a[levels[i] & 0xff]++;
            b[levels[i + 1] & 0xff]++;
            c[levels[i + 2] & 0xff]++;
            d[levels[i + 3] & 0xff]++;
        }
        for (; i < n; i++) {
            a[levels[i] & 0xff]++;
        }
        for (int level = 0; level < 256; level++) {
            a[level] += b[level] + c[level] + d[level];
        }
        return a;
    }
}
