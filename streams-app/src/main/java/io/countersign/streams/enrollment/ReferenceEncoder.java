package io.countersign.streams.enrollment;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.preprocess.PreparedReference;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.ReferenceSpread;
import io.countersign.core.scoring.ReferenceViews;
import io.countersign.streams.dlq.DeadLetterException;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeds a customer's reference images with the served model, all in one batch and in both views a
 * questioned image is compared with (as scanned, and bitonal for the grey ones): at enrolment, and
 * again when a stored set was embedded by another model version or before bitonal views.
 */
public final class ReferenceEncoder {

    private final Embedder embedder;
    private final SignaturePreprocessor preprocessor;
    private final PipelineObserver observer;
    private final boolean bitonalViews;

    public ReferenceEncoder(
            Embedder embedder, SignaturePreprocessor preprocessor, PipelineObserver observer) {
        this(embedder, preprocessor, observer, true);
    }

    /**
     * @param bitonalViews false while an upgrade from a version without bitonal views is under way
     *     (reference sets written in format 2): references are embedded as scanned only, and a set
     *     without its bitonal view is current as long as the served model made it
     */
    public ReferenceEncoder(
            Embedder embedder,
            SignaturePreprocessor preprocessor,
            PipelineObserver observer,
            boolean bitonalViews) {
        this.embedder = embedder;
        this.preprocessor = preprocessor;
        this.observer = observer;
        this.bitonalViews = bitonalViews;
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
        List<PreparedReference> prepared = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            try {
                prepared.add(prepare(images.get(i)));
            } catch (ImageRejectedException e) {
                throw new DeadLetterException(
                        e.code(),
                        "reference " + (i + 1) + " of " + images.size() + ": " + e.getMessage(),
                        e);
            }
        }
        return embedded(images, prepared, enrolledAt);
    }

    /**
     * The set as the served model embeds it: itself when that model made it in both views,
     * otherwise re-embedded from its original images.
     *
     * @throws ImageRejectedException if the served model's preprocessing refuses an image
     */
    public ReferenceSet current(ReferenceSet set) {
        if (set.currentFor(modelVersion(), bitonalViews)) {
            return set;
        }
        List<PreparedReference> prepared = new ArrayList<>(set.images().size());
        for (EnrolledImage image : set.images()) {
            prepared.add(prepare(image));
        }
        ReferenceSet reembedded = embedded(set.images(), prepared, set.enrolledAt());
        observer.reembedded(prepared.size());
        return reembedded;
    }

    private ReferenceSet embedded(
            List<EnrolledImage> images, List<PreparedReference> prepared, Instant enrolledAt) {
        if (!bitonalViews) {
            List<float[]> tensors = prepared.stream().map(PreparedReference::asScanned).toList();
            List<float[]> asScanned = Arrays.asList(embedder.embed(tensors));
            return ReferenceSet.asScannedOnly(
                    images, asScanned, ReferenceSpread.of(asScanned), modelVersion(), enrolledAt);
        }
        return ReferenceSet.embedded(images, embed(prepared), modelVersion(), enrolledAt);
    }

    /** Both views, or, while they are not stored, the image as scanned only (one rendering). */
    private PreparedReference prepare(EnrolledImage image) {
        long start = System.nanoTime();
        PreparedReference prepared =
                bitonalViews
                        ? preprocessor.prepareReference(image.image(), image.region())
                        : asScannedOnly(preprocessor.preprocess(image.image(), image.region()));
        observer.preprocessed(System.nanoTime() - start);
        return prepared;
    }

    /** A reference rendered as scanned only; {@link #embedded} reads nothing else of it. */
    private static PreparedReference asScannedOnly(float[] tensor) {
        return new PreparedReference(tensor, tensor);
    }

    /**
     * Both views in one model call: every reference as scanned, then the bitonal views of the grey
     * ones; a bitonal reference is its own bitonal view.
     */
    private ReferenceViews embed(List<PreparedReference> prepared) {
        List<float[]> tensors = new ArrayList<>(prepared.size() * 2);
        prepared.forEach(p -> tensors.add(p.asScanned()));
        prepared.stream().filter(p -> !p.bitonalItself()).forEach(p -> tensors.add(p.bitonal()));
        float[][] embeddings = embedder.embed(tensors);
        List<float[]> asScanned = Arrays.asList(embeddings).subList(0, prepared.size());
        List<float[]> bitonal = new ArrayList<>(prepared.size());
        int next = prepared.size();
        for (int i = 0; i < prepared.size(); i++) {
            bitonal.add(prepared.get(i).bitonalItself() ? asScanned.get(i) : embeddings[next++]);
        }
        return ReferenceViews.of(asScanned, bitonal);
    }
}
