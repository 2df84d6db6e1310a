package io.countersign.trainer.data;

import java.util.Arrays;

/**
 * A test canvas: a horizontal grey stroke as a Dutch scan gives it, three rows of ink at 0.4, 0.7
 * and 0.4 on paper 0, and the tone of its middle row as the augmentation tests read it.
 */
public final class GreyStroke {

    public static final int H = 40;
    public static final int W = 60;

    private GreyStroke() {}

    /** A fresh canvas with the stroke. */
    public static float[] canvas() {
        float[] canvas = new float[H * W];
        for (int x = 10; x < 50; x++) {
            canvas[19 * W + x] = 0.4f;
            canvas[20 * W + x] = 0.7f;
            canvas[21 * W + x] = 0.4f;
        }
        return canvas;
    }

    /**
     * The median of the stroke's middle row in the canvas starting at {@code offset} of {@code
     * flat}: a speck or two cannot move it.
     */
    public static float middleTone(float[] flat, int offset) {
        int at = offset + 20 * W;
        float[] row = Arrays.copyOfRange(flat, at + 12, at + 48);
        Arrays.sort(row);
        return row[row.length / 2];
    }
}
