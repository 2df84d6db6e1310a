package io.countersign.core.scoring;

import io.countersign.core.image.ImageTone;
import java.util.List;

/**
 * A customer's reference embeddings in the two views a questioned image is compared with: as
 * scanned, and as bitonal scans of the same references would look
 * (SignaturePreprocessor#prepareReference), each with its own spread. A questioned image is scored
 * against the view of its own tone ({@link #matching}): like with like.
 *
 * @param asScanned one embedding per reference, grey levels kept
 * @param spread the mean pairwise distance among {@code asScanned}, NaN for a single reference
 * @param bitonal one embedding per reference, same order, of its bitonal view
 * @param bitonalSpread the mean pairwise distance among {@code bitonal}, NaN for one reference
 */
public record ReferenceViews(
        List<float[]> asScanned, double spread, List<float[]> bitonal, double bitonalSpread) {

    public ReferenceViews {
        asScanned = List.copyOf(asScanned);
        bitonal = List.copyOf(bitonal);
        if (asScanned.isEmpty() || asScanned.size() != bitonal.size()) {
            throw new IllegalArgumentException(
                    "reference views need one embedding per reference in each view, and at least"
                            + " one reference; were "
                            + asScanned.size()
                            + " and "
                            + bitonal.size());
        }
        checkSpread(spread, asScanned.size());
        checkSpread(bitonalSpread, bitonal.size());
    }

    /** Both views, their spreads computed from them ({@link ReferenceSpread#of}). */
    public static ReferenceViews of(List<float[]> asScanned, List<float[]> bitonal) {
        return new ReferenceViews(
                asScanned, ReferenceSpread.of(asScanned), bitonal, ReferenceSpread.of(bitonal));
    }

    /** References that are bitonal themselves: one view serves both tones. */
    public static ReferenceViews bitonalItself(List<float[]> embeddings) {
        return of(embeddings, embeddings);
    }

    /** The number of references. */
    public int size() {
        return asScanned.size();
    }

    /** The embeddings to compare a questioned image of the given tone with. */
    public List<float[]> matching(ImageTone questioned) {
        return questioned == ImageTone.BITONAL ? bitonal : asScanned;
    }

    /** The spread of {@link #matching}'s view. */
    public double spreadMatching(ImageTone questioned) {
        return questioned == ImageTone.BITONAL ? bitonalSpread : spread;
    }

    private static void checkSpread(double spread, int references) {
        if (references == 1 ? !Double.isNaN(spread) : !(spread >= 0)) {
            throw new IllegalArgumentException(
                    "a reference view's spread is NaN for one reference and a distance for more,"
                            + " was "
                            + spread);
        }
    }
}
