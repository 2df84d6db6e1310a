package io.countersign.datasets;

import java.util.Objects;

/**
 * A pair listed by the dataset itself (sign_data's CSVs): a genuine reference and a questioned
 * image of the same writer.
 *
 * @param reference the first image of the listed pair (genuine)
 * @param questioned the second image: genuine when {@code forged} is false, a skilled forgery
 *     otherwise
 * @param forged the listed label: false (target 0) for genuine-genuine, true (target 1) for
 *     genuine-forgery
 */
public record SignaturePair(SignatureSample reference, SignatureSample questioned, boolean forged) {

    public SignaturePair {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(questioned, "questioned");
    }

    /** The label as the CSV writes it: 0 for a genuine pair, 1 for a forged one. */
    public int label() {
        return forged ? 1 : 0;
    }
}
