package io.countersign.trainer.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How training images are augmented; the model card records which. */
public enum Augmentation {
    /** The images as preprocessed. */
    NONE,
    /** A small random affine transform and sometimes thicker strokes ({@link Augmenter}). */
    GEOMETRY,
    /** Geometry, then the ink's tone, blur and specks as other scanners give them. */
    SCAN,
    /** Geometry, then blur and specks only: scanner artefacts, the ink's tone left alone. */
    ARTEFACTS,
    /**
     * Geometry, then the ink's tone and blur of one scanner per pair and specks per image ({@link
     * Augmenter#withInkPerPair}).
     */
    SCAN_PAIRED,
    /** Geometry, then another pen for half the images ({@link Augmenter#withPen}). */
    PEN;

    /**
     * The augmenter for canvases of this size whose full ink lies {@code inkSpan} above paper (1 /
     * std once normalised), or null for {@link #NONE}.
     */
    public Augmenter augmenter(int height, int width, float inkSpan) {
        return switch (this) {
            case NONE -> null;
            case GEOMETRY -> new Augmenter(height, width);
            case SCAN ->
                    new Augmenter(height, width).withInk(new InkAppearance(height, width, inkSpan));
            case ARTEFACTS ->
                    new Augmenter(height, width)
                            .withInk(new InkAppearance(height, width, inkSpan, false));
            case SCAN_PAIRED ->
                    new Augmenter(height, width)
                            .withInkPerPair(new InkAppearance(height, width, inkSpan));
            case PEN -> new Augmenter(height, width).withPen(inkSpan);
        };
    }

    /**
     * Parses {@code none}, {@code geometry}, {@code scan}, {@code artefacts}, {@code scan-paired}
     * or {@code pen}.
     */
    public static Augmentation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown augmentation '"
                            + name
                            + "': use "
                            + Arrays.stream(values())
                                    .map(Augmentation::toString)
                                    .collect(Collectors.joining(", ")),
                    e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
