package io.countersign.core.scoring;

import io.countersign.core.image.ImageTone;
import java.util.Arrays;
import java.util.List;

/**
 * A customer's reference embeddings in the views a questioned image is compared with: as scanned,
 * and as bitonal scans of the same references would look (SignaturePreprocessor#prepareReference),
 * each with its own spread; and, where the card asks for it, the same two views of the references
 * as a broader pen would have written them. Like with like: where the questioned image or a
 * reference is bitonal, both sides are compared as bitonal images, otherwise both as scanned
 * ({@link #viewFor}); and with the pen whose ink level on the canvas is nearest the questioned
 * image's ({@link #penFor}).
 *
 * @param asScanned one embedding per reference, grey levels kept
 * @param spread the mean pairwise distance among {@code asScanned}, NaN for a single reference
 * @param bitonal one embedding per reference, same order, of its bitonal view
 * @param bitonalSpread the mean pairwise distance among {@code bitonal}, NaN for one reference
 * @param inkLevel the references' mean log ink level as scanned (core's {@code InkLevel}), NaN if
 *     not known (a set stored before pen views)
 * @param bitonalInkLevel the same in the bitonal view
 * @param broaderPen the same views of the references written with a broader pen, with their ink
 *     levels; null where there is no pen view
 */
public record ReferenceViews(
        List<float[]> asScanned,
        double spread,
        List<float[]> bitonal,
        double bitonalSpread,
        double inkLevel,
        double bitonalInkLevel,
        ReferenceViews broaderPen) {

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
        if (broaderPen != null) {
            if (broaderPen.broaderPen() != null || broaderPen.size() != asScanned.size()) {
                throw new IllegalArgumentException(
                        "a pen view needs one embedding per reference and no pen view of its own");
            }
            if (Double.isNaN(inkLevel)
                    || Double.isNaN(bitonalInkLevel)
                    || Double.isNaN(broaderPen.inkLevel())
                    || Double.isNaN(broaderPen.bitonalInkLevel())) {
                throw new IllegalArgumentException(
                        "a pen view is chosen by ink level: both pens need theirs");
            }
        }
    }

    /** The two tone views, no ink levels, no pen view. */
    public ReferenceViews(
            List<float[]> asScanned, double spread, List<float[]> bitonal, double bitonalSpread) {
        this(asScanned, spread, bitonal, bitonalSpread, Double.NaN, Double.NaN, null);
    }

    /**
     * The references with the pen whose ink level in {@code view} is nearest the questioned
     * image's: these, or their {@link #broaderPen} view. A customer who signs with a broader pen
     * than the one they enrolled with is otherwise read as another writer (validation writers, 2
     * pixels broader: FRR 39 % at the shipped card's threshold; docs/benchmarks.md, "Pen views").
     * Without a pen view, or without the questioned image's level (NaN), these.
     *
     * @param questionedInkLevel the questioned image's log ink level in {@code view}
     */
    public ReferenceViews penFor(ImageTone view, double questionedInkLevel) {
        if (broaderPen == null || Double.isNaN(questionedInkLevel)) {
            return this;
        }
        double toThese = Math.abs(questionedInkLevel - inkLevelIn(view));
        double toBroader = Math.abs(questionedInkLevel - broaderPen.inkLevelIn(view));
        return toBroader < toThese ? broaderPen : this;
    }

    /** The references' mean log ink level in one view, NaN if not known. */
    public double inkLevelIn(ImageTone view) {
        return view == ImageTone.BITONAL ? bitonalInkLevel : inkLevel;
    }

    /** Whether a broader pen's views are here. */
    public boolean hasPenView() {
        return broaderPen != null;
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

    /**
     * Both views with their ink levels and, unless null, a broader pen's views; spreads computed
     * from the embeddings.
     */
    public static ReferenceViews of(
            List<float[]> asScanned,
            List<float[]> bitonal,
            double inkLevel,
            double bitonalInkLevel,
            ReferenceViews broaderPen) {
        return new ReferenceViews(
                asScanned,
                ReferenceSpread.of(asScanned),
                bitonal,
                ReferenceSpread.of(bitonal),
                inkLevel,
                bitonalInkLevel,
                broaderPen);
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
