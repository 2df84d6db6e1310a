package io.countersign.core.preprocess;

import java.util.Objects;

/**
 * A reference image ready for the model in every view a questioned image may be compared with.
 *
 * @param asScanned the preprocessed image, grey levels kept
 * @param bitonal the same with every ink pixel at full intensity; the same array as {@code
 *     asScanned} when the reference is bitonal itself
 * @param broaderPen the same signature as a broader pen would have written it ({@link BroaderPen}),
 *     in both views; null where the card asks for no pen view
 */
public record PreparedReference(float[] asScanned, float[] bitonal, PreparedReference broaderPen) {

    public PreparedReference {
        Objects.requireNonNull(asScanned, "asScanned");
        Objects.requireNonNull(bitonal, "bitonal");
        if (broaderPen != null && broaderPen.broaderPen() != null) {
            throw new IllegalArgumentException("a pen view has no pen view of its own");
        }
    }

    /** Both tone views, no pen view. */
    public PreparedReference(float[] asScanned, float[] bitonal) {
        this(asScanned, bitonal, null);
    }

    /** Whether the reference is bitonal itself, so its two views are one. */
    public boolean bitonalItself() {
        return asScanned == bitonal;
    }
}
