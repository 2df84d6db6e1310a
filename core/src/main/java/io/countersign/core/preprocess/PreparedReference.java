package io.countersign.core.preprocess;

import java.util.Objects;

/**
 * A reference image ready for the model in both views a questioned image may be compared with.
 *
 * @param asScanned the preprocessed image, grey levels kept
 * @param bitonal the same with every ink pixel at full intensity; the same array as {@code
 *     asScanned} when the reference is bitonal itself
 */
public record PreparedReference(float[] asScanned, float[] bitonal) {

    public PreparedReference {
        Objects.requireNonNull(asScanned, "asScanned");
        Objects.requireNonNull(bitonal, "bitonal");
    }

    /** Whether the reference is bitonal itself, so its two views are one. */
    public boolean bitonalItself() {
        return asScanned == bitonal;
    }
}
