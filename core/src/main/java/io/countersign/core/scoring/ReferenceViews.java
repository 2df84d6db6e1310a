package io.countersign.core.scoring;

import io.countersign.core.image.ImageTone;
import java.util.Arrays;
import java.util.List;

/**
 * A customer's reference embeddings in the two views a questioned image is compared with: as
 * scanned, and as bitonal scans of the same references would look
 * (SignaturePreprocessor#prepareReference), each with its own spread. Like with like ({@link
 * #viewFor}): where the questioned image or a reference is bitonal, both sides are compared as
 * bitonal images, otherwise both as scanned.
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

    /**
     * The view in which a questioned image of the given tone is compared with these references:
     * bitonal where it is bitonal or any reference is bitonal itself (its two views the same), as
     * scanned otherwise. A grey image against a bitonal reference differs in tone as much as the
     * other way round (Dutch validation writers enrolled from bitonal images, questioned grey: FRR
     * 80 % at the card's threshold; docs/benchmarks.md, "Like with like").
     */
    public ImageTone viewFor(ImageTone questioned) {
        return questioned == ImageTone.BITONAL || bitonalReferences() > 0
                ? ImageTone.BITONAL
                : ImageTone.GREY;
    }

    /** How many references are bitonal themselves: their two views are the same. */
    public int bitonalReferences() {
        int count = 0;
        for (int i = 0; i < asScanned.size(); i++) {
            if (Arrays.equals(asScanned.get(i), bitonal.get(i))) {
                count++;
            }
        }
        return count;
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

    /** The embeddings of one view ({@link #viewFor}). */
    public List<float[]> in(ImageTone view) {
        return view == ImageTone.BITONAL ? bitonal : asScanned;
    }

    /** The spread of one view. */
    public double spreadIn(ImageTone view) {
        return view == ImageTone.BITONAL ? bitonalSpread : spread;
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
