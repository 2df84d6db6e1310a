package io.countersign.streams.enrollment;

import io.countersign.core.image.Region;
import java.util.Objects;

/**
 * One enrolled reference signature as it arrived: kept so the set can be re-embedded by a new
 * model, whatever input size or normalisation that model wants.
 *
 * @param referenceId the reference's id within the customer's set
 * @param image the encoded image bytes
 * @param contentType the declared media type, may be null
 * @param region the signature box within the image, null for the whole image
 */
public record EnrolledImage(String referenceId, byte[] image, String contentType, Region region) {

    public EnrolledImage {
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(image, "image");
    }
}
