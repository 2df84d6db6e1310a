package io.countersign.streams.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer's enrolled references: their original images, their embeddings and the model version
 * that made those embeddings, so embeddings of two models are never compared.
 *
 * @param images the enrolled images, in enrolment order
 * @param embeddings one embedding per image, same order
 * @param modelVersion the model card version that made the embeddings
 * @param enrolledAt when the customer enrolled this set
 */
public record ReferenceSet(
        List<EnrolledImage> images,
        List<float[]> embeddings,
        String modelVersion,
        Instant enrolledAt) {

    public ReferenceSet {
        images = List.copyOf(images);
        embeddings = List.copyOf(embeddings);
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        if (images.isEmpty() || images.size() != embeddings.size()) {
            throw new IllegalArgumentException(
                    "a reference set needs one embedding per image, and at least one image");
        }
    }

    /** The reference ids, in enrolment order. */
    public List<String> referenceIds() {
        return images.stream().map(EnrolledImage::referenceId).toList();
    }

    /** Whether the embeddings were made by the model of this version. */
    public boolean embeddedBy(String version) {
        return modelVersion.equals(version);
    }

    /** The same images with embeddings made by another model. */
    public ReferenceSet reembedded(List<float[]> newEmbeddings, String newVersion) {
        return new ReferenceSet(images, newEmbeddings, newVersion, enrolledAt);
    }
}
