package io.countersign.core.preprocess;

/**
 * Estimates the paper's brightness around every pixel and returns how much darker than its paper
 * each pixel is, so that uneven lighting, grey and coloured paper all become darkness 0.
 *
 * <p>The paper level of a block is its brightest pixel; a 3x3 block maximum bridges blocks that a
 * thick stroke covers entirely; bilinear interpolation between block centres smooths it.
 */
final class PaperBackground {

    private PaperBackground() {}

    static byte[] darkness(byte[] luminance, int width, int height) {
        int block = Math.max(8, Math.min(64, Math.min(width, height) / 6));
        int bw = (width + block - 1) / block;
        int bh = (height + block - 1) / block;
        int[] paper = dilate(blockMaxima(luminance, width, height, block, bw, bh), bw, bh);
        // Interpolate the reciprocal of the paper level: no division per pixel.
        float[] inverse = new float[paper.length];
        for (int i = 0; i < paper.length; i++) {
            inverse[i] = 1f / Math.max(1, paper[i]);
        }
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] wx = new float[width];
        for (int x = 0; x < width; x++) {
            float fx = Math.max(0f, Math.min(bw - 1f, (x + 0.5f) / block - 0.5f));
            x0[x] = (int) fx;
            x1[x] = Math.min(bw - 1, x0[x] + 1);
            wx[x] = fx - x0[x];
        }
        // Where each run of columns with the same block centres on both sides ends.
        int[] runEnd = new int[width];
        for (int x = width - 1; x >= 0; x--) {
            boolean last = x == width - 1 || x0[x + 1] != x0[x] || x1[x + 1] != x1[x];
            runEnd[x] = last ? x + 1 : runEnd[x + 1];
        }
        float[] column = new float[bw];
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            float fy = Math.max(0f, Math.min(bh - 1f, (y + 0.5f) / block - 0.5f));
            int y0 = (int) fy;
            int y1 = Math.min(bh - 1, y0 + 1);
            float wy = fy - y0;
            for (int b = 0; b < bw; b++) {
                column[b] = inverse[y0 * bw + b] * (1 - wy) + inverse[y1 * bw + b] * wy;
            }
            int row = y * width;
            // Run by run of columns between the same two block centres: the two paper levels
            // are read once a run, not per pixel (the same arithmetic, so the same bytes).
            for (int x = 0; x < width; ) {
                float left = column[x0[x]];
                float step = column[x1[x]] - left;
                for (int end = runEnd[x]; x < end; x++) {
                    float inv = left + step * wx[x];
                    float dark = 1f - (luminance[row + x] & 0xff) * inv;
                    // dark <= 1, as luminance and inv are never negative.
                    out[row + x] = dark <= 0f ? 0 : (byte) (int) (dark * 255f + 0.5f);
                }
            }
        }
        return out;
    }

    private static int[] blockMaxima(
            byte[] luminance, int width, int height, int block, int bw, int bh) {
        int[] max = new int[bw * bh];
        for (int y = 0; y < height; y++) {
            int row = (y / block) * bw;
            int pixels = y * width;
            for (int b = 0; b < bw; b++) {
                int best = max[row + b];
                int end = Math.min(width, (b + 1) * block);
                for (int x = b * block; x < end; x++) {
                    int v = luminance[pixels + x] & 0xff;
                    if (v > best) {
                        best = v;
                    }
                }
                max[row + b] = best;
            }
        }
        return max;
    }

    private static int[] dilate(int[] values, int bw, int bh) {
        int[] out = new int[values.length];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int best = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) {
                            best = Math.max(best, values[yy * bw + xx]);
                        }
                    }
                }
                out[y * bw + x] = best;
            }
        }
        return out;
    }
}
