package io.countersign.core.preprocess;

import java.util.Objects;

/**
 * The model input a preprocessed signature must fill: a canvas of {@code height x width} ink
 * intensities, normalised as {@code (intensity - mean) / std}, the ink turned first as {@code
 * orientation} says.
 *
 * @param height canvas height in pixels (SigNet: 155)
 * @param width canvas width in pixels (SigNet: 220)
 * @param mean subtracted from the ink intensity in [0, 1]
 * @param std divides the centred intensity
 * @param orientation whether the ink is turned to its principal axis first
 */
public record PreprocessingSpec(
        int height, int width, float mean, float std, Orientation orientation) {

    /** SigNet's canvas with intensities left in [0, 1]. */
    public static final PreprocessingSpec SIGNET = new PreprocessingSpec(155, 220, 0f, 1f);

    public PreprocessingSpec {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "canvas must have a positive size, was " + height + "x" + width);
        }
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be positive, was " + std);
        }
        Objects.requireNonNull(orientation, "orientation");
    }

    /** A canvas for ink left as scanned. */
    public PreprocessingSpec(int height, int width, float mean, float std) {
        this(height, width, mean, std, Orientation.AS_SCANNED);
    }

    /** The same canvas, the ink turned as {@code turned} says. */
    public PreprocessingSpec withOrientation(Orientation turned) {
        return new PreprocessingSpec(height, width, mean, std, turned);
    }

    /** Number of floats in one preprocessed image. */
    public int size() {
        return height * width;
    }
}
