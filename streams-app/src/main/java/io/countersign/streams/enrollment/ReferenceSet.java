package io.countersign.streams.enrollment;

import io.countersign.core.scoring.ReferenceSpread;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer's enrolled references: their original images, their embeddings, the model version that
 * made those embeddings (so embeddings of two models are never compared) and how far those
 * embeddings lie from each other (so a score can be normalised by the customer's own variability).
 *
 * @param images the enrolled images, in enrolment order
 * @param embeddings one embedding per image, same order
 * @param modelVersion the model card version that made the embeddings
 * @param enrolledAt when the customer enrolled this set
 * @param spread the mean pairwise distance among the embeddings ({@link ReferenceSpread#of}), NaN
 *     for a single reference
 */
public record ReferenceSet(
        List<EnrolledImage> images,
        List<float[]> embeddings,
        String modelVersion,
        Instant enrolledAt,
        double spread) {

    public ReferenceSet {
        images = List.copyOf(images);
        embeddings = List.copyOf(embeddings);
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        if (images.isEmpty() || images.size() != embeddings.size()) {
            throw new IllegalArgumentException(
                    "a reference set needs one embedding per image, and at least one image");
        }
        if (embeddings.size() == 1 ? !Double.isNaN(spread) : spread < 0) {
            throw new IllegalArgumentException(
                    "a reference set's spread is NaN for one reference and a distance for more,"
                            + " was "
                            + spread);
        }
    }

    /** A set of freshly made embeddings, its spread computed from them. */
    public static ReferenceSet embedded(
            List<EnrolledImage> images,
            List<float[]> embeddings,
            String modelVersion,
            Instant enrolledAt) {
        return new ReferenceSet(
                images, embeddings, modelVersion, enrolledAt, ReferenceSpread.of(embeddings));
    }

    /** The reference ids, in enrolment order. */
    public List<String> referenceIds() {
        return images.stream().map(EnrolledImage::referenceId).toList();
    }

    /** Whether the embeddings were made by the model of this version. */
    public boolean embeddedBy(String version) {
        return modelVersion.equals(version);
    }

    /**
     * The same images with embeddings made by another model, and their spread: distances of one
     * model say nothing about another's.
     */
    public ReferenceSet reembedded(List<float[]> newEmbeddings, String newVersion) {
        return embedded(images, newEmbeddings, newVersion, enrolledAt);
    }
}
