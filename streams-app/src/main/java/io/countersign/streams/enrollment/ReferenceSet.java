package io.countersign.streams.enrollment;

import io.countersign.core.scoring.ReferenceViews;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer's enrolled references: their original images, their embeddings in both views a
 * questioned image is compared with (as scanned, and as bitonal scans of them would look, each with
 * its spread, so a score can be normalised by the customer's own variability, and its mean ink
 * level), where the served card asks for it the same views as a broader pen would have written the
 * references, and the model version that made them (so embeddings of two models are never
 * compared).
 *
 * @param images the enrolled images, in enrolment order
 * @param views one embedding per image in each view, same order, with the views' spreads
 * @param modelVersion the model card version that made the embeddings
 * @param enrolledAt when the customer enrolled this set
 * @param bitonalViewEmbedded false for a set stored before bitonal views (format 1 or 2): its
 *     bitonal view is only its as-scanned one, and the set is re-embedded before it scores
 * @param broaderPen how many pixels broader the pen of the views' pen view is (the model card's
 *     {@code scoring.broaderPen} when they were embedded), 0 where there is none; a card that asks
 *     for another width has the set re-embedded
 */
public record ReferenceSet(
        List<EnrolledImage> images,
        ReferenceViews views,
        String modelVersion,
        Instant enrolledAt,
        boolean bitonalViewEmbedded,
        int broaderPen) {

    public ReferenceSet {
        images = List.copyOf(images);
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        if (images.size() != views.size()) {
            throw new IllegalArgumentException(
                    "a reference set needs one embedding per image in each view, had "
                            + images.size()
                            + " images and "
                            + views.size()
                            + " embeddings");
        }
        if (broaderPen < 0 || (broaderPen > 0) != views.hasPenView()) {
            throw new IllegalArgumentException(
                    "a reference set has a pen view exactly when its pen is broader, was "
                            + broaderPen
                            + " pixels "
                            + (views.hasPenView() ? "with" : "without")
                            + " a pen view");
        }
        if (broaderPen > 0 && !bitonalViewEmbedded) {
            throw new IllegalArgumentException("a pen view comes with the bitonal view");
        }
    }

    /** A set without a pen view. */
    public ReferenceSet(
            List<EnrolledImage> images,
            ReferenceViews views,
            String modelVersion,
            Instant enrolledAt,
            boolean bitonalViewEmbedded) {
        this(images, views, modelVersion, enrolledAt, bitonalViewEmbedded, 0);
    }

    /** A set of freshly made embeddings in both views, without a pen view. */
    public static ReferenceSet embedded(
            List<EnrolledImage> images,
            ReferenceViews views,
            String modelVersion,
            Instant enrolledAt) {
        return new ReferenceSet(images, views, modelVersion, enrolledAt, true);
    }

    /**
     * A set of freshly made embeddings in both views and, where {@code broaderPen} is positive,
     * their pen view of that width.
     */
    public static ReferenceSet embedded(
            List<EnrolledImage> images,
            ReferenceViews views,
            int broaderPen,
            String modelVersion,
            Instant enrolledAt) {
        return new ReferenceSet(images, views, modelVersion, enrolledAt, true, broaderPen);
    }

    /** The reference ids, in enrolment order. */
    public List<String> referenceIds() {
        return images.stream().map(EnrolledImage::referenceId).toList();
    }

    /** The embeddings as scanned, in enrolment order. */
    public List<float[]> embeddings() {
        return views.asScanned();
    }

    /** The mean pairwise distance among {@link #embeddings()}, NaN for a single reference. */
    public double spread() {
        return views.spread();
    }

    /**
     * How many references are bitonal images themselves, null for a set stored before bitonal views
     * (not known until it is re-embedded).
     */
    public Integer bitonalReferences() {
        return bitonalViewEmbedded ? views.bitonalReferences() : null;
    }

    /** Whether a broader pen's views are stored with the set. */
    public boolean hasPenView() {
        return broaderPen > 0;
    }

    /**
     * Whether the set can score as it is for the model of this version whose card asks for no pen
     * view, in the current format: that model made its embeddings, in both views.
     */
    public boolean currentFor(String version) {
        return currentFor(version, 0, ReferencesFormat.current());
    }

    /**
     * Whether the set can score as it is for the served model: that model made its embeddings, in
     * the views {@code format} makes and uses. With bitonal views, a set without its bitonal view
     * is not (stored before them); with pen views, nor is one whose pen view is not the card's
     * (stored without one, in format 3 or before the card asked for it, or of another width).
     * Without them (an upgrade under way), a set that has them is current as it is: they are left
     * unused.
     *
     * @param version the served model card's version
     * @param broaderPen the served card's {@code scoring.broaderPen}, 0 for no pen view
     * @param format the format reference sets are written in
     */
    public boolean currentFor(String version, int broaderPen, ReferencesFormat format) {
        if (!modelVersion.equals(version)) {
            return false;
        }
        if (format.bitonalViews() && !bitonalViewEmbedded) {
            return false;
        }
        return !format.penViews() || this.broaderPen == broaderPen;
    }

    /**
     * A set embedded as scanned only (read from format 1 or 2, or embedded while an upgrade writes
     * format 2): its bitonal view stands in as the scanned one and is not used.
     *
     * @param spread the mean pairwise distance among {@code asScanned}, NaN for one reference
     */
    public static ReferenceSet asScannedOnly(
            List<EnrolledImage> images,
            List<float[]> asScanned,
            double spread,
            String modelVersion,
            Instant enrolledAt) {
        return new ReferenceSet(
                images,
                new ReferenceViews(asScanned, spread, asScanned, spread),
                modelVersion,
                enrolledAt,
                false);
    }
}
