package io.countersign.core.preprocess;

/**
 * Separable anti-aliased resampling with a tent filter widened by the scale factor (the filter
 * Pillow calls BILINEAR): area-like averaging when shrinking, smooth interpolation when growing.
 */
final class Resampler {

    /** Source indices and weights contributing to each output sample along one axis. */
    private record Axis(int[] start, float[][] weights) {}

    private Resampler() {}

    /** Resamples {@code source} ({@code sw x sh}, row-major) to {@code dw x dh}. */
    static float[] resample(float[] source, int sw, int sh, int dw, int dh) {
        Axis horizontal = axis(sw, dw);
        Axis vertical = axis(sh, dh);
        float[] rows = new float[sh * dw];
        for (int y = 0; y < sh; y++) {
            int base = y * sw;
            for (int x = 0; x < dw; x++) {
                float[] w = horizontal.weights()[x];
                int s = horizontal.start()[x];
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += source[base + s + k] * w[k];
                }
                rows[y * dw + x] = sum;
            }
        }
        float[] out = new float[dh * dw];
        for (int y = 0; y < dh; y++) {
            float[] w = vertical.weights()[y];
            int s = vertical.start()[y];
            for (int k = 0; k < w.length; k++) {
                int row = (s + k) * dw;
                float weight = w[k];
                for (int x = 0; x < dw; x++) {
                    out[y * dw + x] += rows[row + x] * weight;
                }
            }
        }
        return out;
    }

    private static Axis axis(int in, int out) {
        double scale = (double) in / out;
        double filterScale = Math.max(1.0, scale);
        double support = filterScale;
        int[] start = new int[out];
        float[][] weights = new float[out][];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int first = Math.max(0, (int) Math.floor(centre - support));
            int last = Math.min(in - 1, (int) Math.ceil(centre + support));
            float[] w = new float[last - first + 1];
            double total = 0;
            for (int s = first; s <= last; s++) {
                double t = Math.abs((s + 0.5 - centre) / filterScale);
                double value = t < 1 ? 1 - t : 0;
                w[s - first] = (float) value;
                total += value;
            }
            for (int k = 0; k < w.length; k++) {
                w[k] = total > 0 ? (float) (w[k] / total) : 1f / w.length;
            }
            start[i] = first;
            weights[i] = w;
        }
        return new Axis(start, weights);
    }
}
