package io.countersign.streams.batching;

import io.countersign.core.image.Region;
import io.countersign.core.preprocess.PreparedImage;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated verification request waiting in the pending store for its batch.
 *
 * <p>It keeps the encoded image, not the preprocessed tensor: a request that waits across a model
 * upgrade is then preprocessed for the model that scores it, and the changelog carries the
 * compressed image instead of a 136 KB float tensor. The tensor (and tone) made when the request
 * was validated ride along in memory only ({@link #prepared()}), so the usual path decodes once.
 *
 * @param customerId the record key
 * @param requestId upstream request id, echoed in the verdict
 * @param documentId upstream document id, echoed in the verdict
 * @param image the encoded image bytes
 * @param contentType the image's declared media type, may be null
 * @param region the signature box on the page, null for the whole image
 * @param submittedAt when upstream submitted the request
 * @param arrivedAtMs wall-clock time the request entered the pending store
 * @param timestamp the request record's timestamp, given to its verdict
 * @param origin where the request was read and who published it, for a dead letter
 * @param prepared the preprocessed image and its tone, null once read back from the store
 */
public record PendingRequest(
        String customerId,
        String requestId,
        String documentId,
        byte[] image,
        String contentType,
        Region region,
        Instant submittedAt,
        long arrivedAtMs,
        long timestamp,
        RequestOrigin origin,
        PreparedImage prepared) {

    public PendingRequest {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(origin, "origin");
    }

    /** This request as it enters the store at {@code nowMs}. */
    public PendingRequest arrivedAt(long nowMs) {
        return new PendingRequest(
                customerId,
                requestId,
                documentId,
                image,
                contentType,
                region,
                submittedAt,
                nowMs,
                timestamp,
                origin,
                prepared);
    }

    /** This request with its image prepared again. */
    public PendingRequest withPrepared(PreparedImage preprocessed) {
        return new PendingRequest(
                customerId,
                requestId,
                documentId,
                image,
                contentType,
                region,
                submittedAt,
                arrivedAtMs,
                timestamp,
                origin,
                preprocessed);
    }
}
