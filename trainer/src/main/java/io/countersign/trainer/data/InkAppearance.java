package io.countersign.trainer.data;

import java.util.Random;

/**
 * Scan-like changes to the ink of a preprocessed canvas, for training only. After preprocessing
 * what still tells one corpus or scanner from another is the ink's tone, not its shape: BHSig260 is
 * scanned binary, so its strokes are flat full ink with soft edges only where they were resampled,
 * the Dutch set is a grey scan of coloured ink with grey levels inside every stroke, and other
 * scanners blur edges or leave specks the ink separation keeps. Showing the network every tone on
 * every writer keeps it from learning which corpus a writer came from.
 *
 * <p>Each image gets one tone change (binarised at a random level, or a random gamma that lightens
 * or darkens grey strokes, or none), sometimes a slight blur, and sometimes a few specks. The tone
 * and the blur are the scanner's: they can be drawn once for several images ({@link #apply(float[],
 * float, Random, Random)}), the specks are always each image's own. The trainer's canvases are
 * normalised ({@code (x - mean) / std}), so paper is not 0 and full ink is not 1: the changes work
 * on the ink's intensity in [0, 1] between the canvas's paper value and {@code paper + inkSpan},
 * and values stay in that range.
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
    private final float inkSpan;
    private final boolean tone;

    /**
     * Changes canvases of this size whose full ink lies {@code inkSpan} above paper (1 for raw
     * intensities, {@code 1 / std} for normalised ones).
     */
    public InkAppearance(int height, int width, float inkSpan) {
        this(height, width, inkSpan, true);
    }

    /**
     * The same, with the ink's tone left alone where {@code tone} is false: only the blur and
     * specks, scanner artefacts that carry nothing of the pen's pressure.
     */
    public InkAppearance(int height, int width, float inkSpan, boolean tone) {
        if (!(inkSpan > 0)) {
            throw new IllegalArgumentException("the ink span must be positive, was " + inkSpan);
        }
        this.height = height;
        this.width = width;
        this.inkSpan = inkSpan;
        this.tone = tone;
    }

    /** Changes the canvas in place, every draw its own; {@code paper} is its background value. */
    public void apply(float[] canvas, float paper, Random random) {
        apply(canvas, paper, random, random);
    }

    /**
     * Changes the canvas in place: {@code scanner} draws the tone and the blur, {@code image} the
     * specks. Two images given scanners of one seed come out as if scanned on one machine: their
     * strokes' tones keep their differences (pressure, speed), which a skilled forger betrays.
     */
    public void apply(float[] canvas, float paper, Random scanner, Random image) {
        for (int i = 0; i < canvas.length; i++) {
            canvas[i] = Math.max(0f, Math.min(1f, (canvas[i] - paper) / inkSpan));
        }
        double change = tone ? scanner.nextDouble() : 1;
        if (change < BINARISE) {
            binarise(canvas, (float) (0.2 + 0.3 * scanner.nextDouble()));
        } else if (change < BINARISE + GAMMA) {
            gamma(canvas, Math.exp((2 * scanner.nextDouble() - 1) * MAX_LOG_GAMMA));
        }
        if (scanner.nextDouble() < BLUR) {
            blur(canvas);
        }
        if (image.nextDouble() < SPECKS) {
            specks(canvas, image);
        }
        for (int i = 0; i < canvas.length; i++) {
            canvas[i] = paper + canvas[i] * inkSpan;
        }
    }

    private static void binarise(float[] ink, float level) {
        for (int i = 0; i < ink.length; i++) {
            ink[i] = ink[i] > level ? 1 : 0;
        }
    }

    private static void gamma(float[] ink, double gamma) {
        for (int i = 0; i < ink.length; i++) {
            if (ink[i] > 0) {
                ink[i] = (float) Math.pow(ink[i], gamma);
            }
        }
    }

    /**
     * A 3x3 binomial blur, then the ink stretched back so its strongest pixel is full ink again:
     * preprocessing scales every scan's ink to full intensity, so a blurred scan would reach the
     * network that way too.
     */
    private void blur(float[] ink) {
        float[] rows = new float[ink.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rows[y * width + x] =
                        (at(ink, x - 1, y) + 2 * at(ink, x, y) + at(ink, x + 1, y)) / 4;
            }
        }
        float max = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = (at(rows, x, y - 1) + 2 * at(rows, x, y) + at(rows, x, y + 1)) / 4;
                ink[y * width + x] = v;
                max = Math.max(max, v);
            }
        }
        if (max > 0) {
            for (int i = 0; i < ink.length; i++) {
                ink[i] /= max;
            }
        }
    }

    private float at(float[] ink, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0 : ink[y * width + x];
    }

    private static void specks(float[] ink, Random random) {
        int count = 1 + random.nextInt(MAX_SPECKS);
        for (int i = 0; i < count; i++) {
            ink[random.nextInt(ink.length)] = (float) (0.3 + 0.7 * random.nextDouble());
        }
    }
}
