package io.countersign.streams.enrollment;

import io.countersign.core.scoring.ReferenceViews;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer's enrolled references: their original images, their embeddings in both views a
 * questioned image is compared with (as scanned, and as bitonal scans of them would look, each with
 * its spread, so a score can be normalised by the customer's own variability), and the model
 * version that made them (so embeddings of two models are never compared).
 *
 * @param images the enrolled images, in enrolment order
 * @param views one embedding per image in each view, same order, with the views' spreads
 * @param modelVersion the model card version that made the embeddings
 * @param enrolledAt when the customer enrolled this set
 * @param bitonalViewEmbedded false for a set stored before bitonal views (format 1 or 2): its
 *     bitonal view is only its as-scanned one, and the set is re-embedded before it scores
 */
public record ReferenceSet(
        List<EnrolledImage> images,
        ReferenceViews views,
        String modelVersion,
        Instant enrolledAt,
        boolean bitonalViewEmbedded) {

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
    }

    /** A set of freshly made embeddings in both views. */
    public static ReferenceSet embedded(
            List<EnrolledImage> images,
            ReferenceViews views,
            String modelVersion,
            Instant enrolledAt) {
        return new ReferenceSet(images, views, modelVersion, enrolledAt, true);
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

    /**
     * Whether the set can score for the model of this version as it is: that model made its
     * embeddings, in both views.
     */
    public boolean currentFor(String version) {
        return currentFor(version, true);
    }

    /**
     * As {@link #currentFor(String)}, or, without {@code bitonalViews} (reference sets written in
     * format 2 during an upgrade), whether that model made its embeddings as scanned.
     */
    public boolean currentFor(String version, boolean bitonalViews) {
        return (bitonalViewEmbedded || !bitonalViews) && modelVersion.equals(version);
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
