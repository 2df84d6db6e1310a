package io.countersign.trainer.data;

import java.util.Random;

/**
 * Scan-like changes to the ink of a preprocessed canvas, for training only. After preprocessing
 * (paper at 0, ink up to 1) what still tells one corpus or scanner from another is the ink's tone,
 * not its shape: BHSig260 is scanned binary, so its strokes are flat 1 with soft edges only where
 * they were resampled, the Dutch set is a grey scan of coloured ink with grey levels inside every
 * stroke, and other scanners blur edges or leave specks the ink separation keeps. Showing the
 * network every tone on every writer keeps it from learning which corpus a writer came from.
 *
 * <p>Each image independently gets one tone change (binarised at a random level, or a random gamma
 * that lightens or darkens grey strokes, or none), sometimes a slight blur, and sometimes a few
 * specks. Values stay in [paper, 1].
 */
public final class InkAppearance {

    private static final double BINARISE = 0.25;
    private static final double GAMMA = 0.5;
    private static final double BLUR = 0.25;
    private static final double SPECKS = 0.2;
    private static final double MAX_LOG_GAMMA = Math.log(2);
    private static final int MAX_SPECKS = 40;

    private final int height;
    private final int width;

    /** Changes canvases of this size. */
    public InkAppearance(int height, int width) {
        this.height = height;
        this.width = width;
    }

    /**
     * Changes the canvas in place. {@code paper} is its background value; ink lies above it, up to
     * {@code paper + 1}.
     */
    public void apply(float[] canvas, float paper, Random random) {
        double tone = random.nextDouble();
        if (tone < BINARISE) {
            binarise(canvas, paper, (float) (0.2 + 0.3 * random.nextDouble()));
        } else if (tone < BINARISE + GAMMA) {
            gamma(canvas, paper, Math.exp((2 * random.nextDouble() - 1) * MAX_LOG_GAMMA));
        }
        if (random.nextDouble() < BLUR) {
            blur(canvas, paper);
        }
        if (random.nextDouble() < SPECKS) {
            specks(canvas, paper, random);
        }
    }

    private static void binarise(float[] canvas, float paper, float level) {
        for (int i = 0; i < canvas.length; i++) {
            canvas[i] = canvas[i] - paper > level ? paper + 1 : paper;
        }
    }

    private static void gamma(float[] canvas, float paper, double gamma) {
        for (int i = 0; i < canvas.length; i++) {
            float ink = canvas[i] - paper;
            if (ink > 0) {
                canvas[i] = paper + (float) Math.pow(Math.min(1f, ink), gamma);
            }
        }
    }

    /**
     * A 3x3 binomial blur, then the ink stretched back so its strongest pixel is full ink again:
     * preprocessing scales every scan's ink to full intensity, so a blurred scan would reach the
     * network that way too.
     */
    private void blur(float[] canvas, float paper) {
        float[] rows = new float[canvas.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rows[y * width + x] =
                        (ink(canvas, paper, x - 1, y)
                                        + 2 * ink(canvas, paper, x, y)
                                        + ink(canvas, paper, x + 1, y))
                                / 4;
            }
        }
        float max = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v =
                        (ink(rows, 0, x, y - 1) + 2 * ink(rows, 0, x, y) + ink(rows, 0, x, y + 1))
                                / 4;
                canvas[y * width + x] = v;
                max = Math.max(max, v);
            }
        }
        float stretch = max > 0 ? 1 / max : 1;
        for (int i = 0; i < canvas.length; i++) {
            canvas[i] = paper + canvas[i] * stretch;
        }
    }

    private float ink(float[] canvas, float paper, int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return canvas[y * width + x] - paper;
    }

    private static void specks(float[] canvas, float paper, Random random) {
        int count = 1 + random.nextInt(MAX_SPECKS);
        for (int i = 0; i < count; i++) {
            canvas[random.nextInt(canvas.length)] =
                    paper + (float) (0.3 + 0.7 * random.nextDouble());
        }
    }
}
