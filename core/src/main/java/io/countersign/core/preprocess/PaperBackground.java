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
        int[] blockMax = blockMaxima(luminance, width, height, block, bw, bh);
        int[] paper = dilate(blockMax, bw, bh);
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            float fy = Math.max(0f, Math.min(bh - 1f, (y + 0.5f) / block - 0.5f));
            int y0 = (int) fy;
            int y1 = Math.min(bh - 1, y0 + 1);
            float wy = fy - y0;
            for (int x = 0; x < width; x++) {
                float fx = Math.max(0f, Math.min(bw - 1f, (x + 0.5f) / block - 0.5f));
                int x0 = (int) fx;
                int x1 = Math.min(bw - 1, x0 + 1);
                float wx = fx - x0;
                float top = paper[y0 * bw + x0] * (1 - wx) + paper[y0 * bw + x1] * wx;
                float bottom = paper[y1 * bw + x0] * (1 - wx) + paper[y1 * bw + x1] * wx;
                float level = Math.max(1f, top * (1 - wy) + bottom * wy);
                int v = luminance[y * width + x] & 0xff;
                float dark = (level - v) / level;
                out[y * width + x] = (byte) Math.round(Math.max(0f, Math.min(1f, dark)) * 255f);
            }
        }
        return out;
    }

    private static int[] blockMaxima(
            byte[] luminance, int width, int height, int block, int bw, int bh) {
        int[] max = new int[bw * bh];
        for (int y = 0; y < height; y++) {
            int row = (y / block) * bw;
            for (int x = 0; x < width; x++) {
                int v = luminance[y * width + x] & 0xff;
                int b = row + x / block;
                if (v > max[b]) {
                    max[b] = v;
                }
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
