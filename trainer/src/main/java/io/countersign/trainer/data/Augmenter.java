package io.countersign.trainer.data;

import java.util.Random;

/**
 * Light augmentation of a preprocessed signature canvas for training only: a small random affine
 * transform (rotation, scale, shear, shift) and, sometimes, thicker strokes by a 3x3 dilation (ink
 * is bright after preprocessing, so a max filter thickens it); then, where asked, another pen
 * ({@link #withPen}) and scan-like changes of the ink's tone ({@link InkAppearance}).
 */
public final class Augmenter {

    private final int height;
    private final int width;
    private final double maxRotation;
    private final double maxScale;
    private final double maxShift;
    private final double dilationProbability;
    private final InkAppearance ink;
    private final boolean scannerPerPair;

    /** Full ink's height above paper for {@link #withPen}; 0 for no pen changes. */
    private final float penInkSpan;

    /** An augmenter with the default strength for canvases of this size. */
    public Augmenter(int height, int width) {
        this(height, width, Math.toRadians(4), 0.08, 0.05, 0.3);
    }

    /** An augmenter with explicit strength (radians, relative scale and shift, probability). */
    public Augmenter(
            int height,
            int width,
            double maxRotation,
            double maxScale,
            double maxShift,
            double dilationProbability) {
        this(height, width, maxRotation, maxScale, maxShift, dilationProbability, null, false, 0f);
    }

    private Augmenter(
            int height,
            int width,
            double maxRotation,
            double maxScale,
            double maxShift,
            double dilationProbability,
            InkAppearance inkOrNull,
            boolean scannerPerPair,
            float penInkSpan) {
        this.height = height;
        this.width = width;
        this.maxRotation = maxRotation;
        this.maxScale = maxScale;
        this.maxShift = maxShift;
        this.dilationProbability = dilationProbability;
        this.ink = inkOrNull;
        this.scannerPerPair = scannerPerPair;
        this.penInkSpan = penInkSpan;
    }

    /** This augmenter followed by changes of the ink's appearance. */
    public Augmenter withInk(InkAppearance appearance) {
        return with(appearance, false, penInkSpan);
    }

    /**
     * This augmenter followed by changes of the ink's appearance whose tone and blur are drawn once
     * for both images of a training pair (or the three of a triplet), as if one scanner had read
     * them; the geometry and the specks stay each image's own. The idea: changing a genuine pair's
     * two images independently teaches the network that the tone inside strokes means nothing, and
     * with it the pressure and speed that betray a skilled forger; one scanner per pair changes
     * only what a corpus's scanner changes. Measured (docs/benchmarks.md): better on a scanner the
     * network never saw, no better in-corpus, and, by design, no help where the references and the
     * questioned image come through different channels, which per-image changes do help.
     */
    public Augmenter withInkPerPair(InkAppearance appearance) {
        return with(appearance, true, penInkSpan);
    }

    private Augmenter with(InkAppearance appearance, boolean perPair, float pen) {
        return new Augmenter(
                height,
                width,
                maxRotation,
                maxScale,
                maxShift,
                dilationProbability,
                appearance,
                perPair,
                pen);
    }

    /**
     * This augmenter followed, for half the images, by another pen: every ink pixel's height above
     * paper times a gain from 0.6 to 1.8 (log-uniform), at most full ink. After the crop is fitted
     * into the canvas, most strokes are under a canvas pixel wide, so a broader pen shows there as
     * brighter strokes rather than wider ones, which the dilation does not show
     * (docs/benchmarks.md, "Pen width").
     *
     * @param inkSpan full ink's height above paper (1 / std once normalised)
     */
    public Augmenter withPen(float inkSpan) {
        return with(ink, scannerPerPair, inkSpan);
    }

    /**
     * Whether the images of one pair should share the ink's draws ({@link #augment(float[], Random,
     * Random)} with scanners of one seed).
     */
    public boolean scannerPerPair() {
        return scannerPerPair;
    }

    /** A new, augmented copy of the image; the input is left as it is (it is shared). */
    public float[] augment(float[] image, Random random) {
        return augment(image, random, random);
    }

    /**
     * The same, with the ink's tone and blur drawn from {@code scanner} and everything else from
     * {@code random}.
     */
    public float[] augment(float[] image, Random random, Random scanner) {
        float background = image[0];
        for (float v : image) {
            background = Math.min(background, v);
        }
        float[] out = affine(image, background, random);
        if (random.nextDouble() < dilationProbability) {
            out = dilate(out);
        }
        if (penInkSpan > 0 && random.nextBoolean()) {
            double gain = Math.exp(Math.log(0.6) + random.nextDouble() * Math.log(1.8 / 0.6));
            for (int i = 0; i < out.length; i++) {
                float above = out[i] - background;
                if (above > 0) {
                    out[i] = background + Math.min(penInkSpan, (float) (above * gain));
                }
            }
        }
        if (ink != null) {
            ink.apply(out, background, scanner, random);
        }
        return out;
    }

    private float[] affine(float[] in, float background, Random random) {
        double angle = uniform(random, maxRotation);
        double scale = 1 + uniform(random, maxScale);
        double shear = uniform(random, maxScale / 2);
        double dx = uniform(random, maxShift) * width;
        double dy = uniform(random, maxShift) * height;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double cx = width / 2.0;
        double cy = height / 2.0;
        float[] out = new float[in.length];
        // Inverse mapping: for each output pixel find where it came from, sample bilinearly.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x - cx - dx;
                double v = y - cy - dy;
                double sx = cos * u + sin * v + shear * v + cx;
                double sy = -sin * u + cos * v + cy;
                out[y * width + x] = sample(in, sx, sy, background);
            }
        }
        return out;
    }

    private float sample(float[] in, double x, double y, float background) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = (1 - fx) * at(in, x0, y0, background) + fx * at(in, x0 + 1, y0, background);
        double bottom =
                (1 - fx) * at(in, x0, y0 + 1, background) + fx * at(in, x0 + 1, y0 + 1, background);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private float at(float[] in, int x, int y, float background) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return background;
        }
        return in[y * width + x];
    }

    private float[] dilate(float[] in) {
        float[] out = new float[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = Math.max(0, y - 1); j <= Math.min(height - 1, y + 1); j++) {
                    for (int i = Math.max(0, x - 1); i <= Math.min(width - 1, x + 1); i++) {
                        max = Math.max(max, in[j * width + i]);
                    }
                }
                out[y * width + x] = max;
            }
        }
        return out;
    }

    private static double uniform(Random random, double max) {
        return (2 * random.nextDouble() - 1) * max;
    }
}
