package io.countersign.streams.enrollment;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.streams.dlq.DeadLetterException;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeds a customer's reference images with the served model, all in one batch: at enrolment, and
 * again when a stored set was embedded by another model version.
 */
public final class ReferenceEncoder {

    private final Embedder embedder;
    private final SignaturePreprocessor preprocessor;
    private final PipelineObserver observer;

    public ReferenceEncoder(
            Embedder embedder, SignaturePreprocessor preprocessor, PipelineObserver observer) {
        this.embedder = embedder;
        this.preprocessor = preprocessor;
        this.observer = observer;
    }

    /** The version of the served model. */
    public String modelVersion() {
        return embedder.card().version();
    }

    /**
     * A new reference set from enrolled images.
     *
     * @throws DeadLetterException naming the first image that cannot be used, and why
     */
    public ReferenceSet enrol(List<EnrolledImage> images, Instant enrolledAt) {
        List<float[]> tensors = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            try {
                tensors.add(preprocess(images.get(i)));
            } catch (ImageRejectedException e) {
                throw new DeadLetterException(
                        e.code(),
                        "reference " + (i + 1) + " of " + images.size() + ": " + e.getMessage(),
                        e);
            }
        }
        return ReferenceSet.embedded(images, embed(tensors), modelVersion(), enrolledAt);
    }

    /**
     * The set as the served model embeds it: itself when that model made it, otherwise re-embedded
     * from its original images.
     *
     * @throws ImageRejectedException if the served model's preprocessing refuses an image
     */
    public ReferenceSet current(ReferenceSet set) {
        if (set.embeddedBy(modelVersion())) {
            return set;
        }
        List<float[]> tensors = new ArrayList<>(set.images().size());
        for (EnrolledImage image : set.images()) {
            tensors.add(preprocess(image));
        }
        ReferenceSet reembedded = set.reembedded(embed(tensors), modelVersion());
        observer.reembedded(tensors.size());
        return reembedded;
    }

    private float[] preprocess(EnrolledImage image) {
        long start = System.nanoTime();
        float[] tensor = preprocessor.preprocess(image.image(), image.region());
        observer.preprocessed(System.nanoTime() - start);
        return tensor;
    }

    private List<float[]> embed(List<float[]> tensors) {
        return Arrays.asList(embedder.embed(tensors));
    }
}
