package io.countersign.streams.enrollment;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.preprocess.InkLevel;
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
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Embeds a customer's reference images with the served model, all in one batch and in every view a
 * questioned image is compared with (as scanned, and bitonal for the grey ones; where the served
 * card asks for it, both again as a broader pen would have written the references): at enrolment,
 * and again when a stored set was embedded by another model version or lacks a view the served card
 * and format use.
 */
public final class ReferenceEncoder {

    private final Embedder embedder;
    private final SignaturePreprocessor preprocessor;
    private final PipelineObserver observer;
    private final ReferencesFormat format;

    /** An encoder for the current format. */
    public ReferenceEncoder(
            Embedder embedder, SignaturePreprocessor preprocessor, PipelineObserver observer) {
        this(embedder, preprocessor, observer, ReferencesFormat.current());
    }

    /**
     * @param format the format reference sets are written in: while an upgrade is under way, an
     *     older one, and references are embedded only in the views it stores (format 3: no pen
     *     view; format 2: as scanned only), a set being current as long as the served model made
     *     those
     */
    public ReferenceEncoder(
            Embedder embedder,
            SignaturePreprocessor preprocessor,
            PipelineObserver observer,
            ReferencesFormat format) {
        this.embedder = embedder;
        this.preprocessor = preprocessor;
        this.observer = observer;
        this.format = format;
    }

    /**
     * What the served model's embeddings are stamped with: its card's version, with its orientation
     * where the card turns the ink (core's {@code ModelCard#embeddingVersion}), so a card
     * recalibrated to turn the ink re-embeds the sets embedded as scanned.
     */
    public String modelVersion() {
        return embedder.card().embeddingVersion();
    }

    /**
     * How many pixels broader the pen of the references' pen view is: the served card's {@code
     * scoring.broaderPen} where the format stores pen views, otherwise 0 (none made or used).
     */
    public int broaderPen() {
        return format.penViews() ? embedder.card().broaderPen() : 0;
    }

    /**
     * A new reference set from enrolled images.
     *
     * @throws DeadLetterException naming the first image that cannot be used, and why
     */
    public ReferenceSet enrol(List<EnrolledImage> images, Instant enrolledAt) {
        int broaderPen = broaderPen();
        List<PreparedReference> prepared = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            try {
                prepared.add(prepare(images.get(i), broaderPen));
            } catch (ImageRejectedException e) {
                throw new DeadLetterException(
                        e.code(),
                        "reference " + (i + 1) + " of " + images.size() + ": " + e.getMessage(),
                        e);
            }
        }
        return embedded(images, prepared, broaderPen, enrolledAt);
    }

    /**
     * The set as the served model embeds it: itself when that model made it in the views the format
     * and the card use, otherwise re-embedded from its original images.
     *
     * @throws ImageRejectedException if the served model's preprocessing refuses an image
     */
    public ReferenceSet current(ReferenceSet set) {
        int broaderPen = broaderPen();
        if (set.currentFor(modelVersion(), broaderPen, format)) {
            return set;
        }
        List<PreparedReference> prepared = new ArrayList<>(set.images().size());
        for (EnrolledImage image : set.images()) {
            prepared.add(prepare(image, broaderPen));
        }
        ReferenceSet reembedded = embedded(set.images(), prepared, broaderPen, set.enrolledAt());
        observer.reembedded(prepared.size());
        return reembedded;
    }

    private ReferenceSet embedded(
            List<EnrolledImage> images,
            List<PreparedReference> prepared,
            int broaderPen,
            Instant enrolledAt) {
        if (!format.bitonalViews()) {
            List<float[]> tensors = prepared.stream().map(PreparedReference::asScanned).toList();
            List<float[]> asScanned = Arrays.asList(embedder.embed(tensors));
            return ReferenceSet.asScannedOnly(
                    images, asScanned, ReferenceSpread.of(asScanned), modelVersion(), enrolledAt);
        }
        return ReferenceSet.embedded(
                images, embed(prepared), broaderPen, modelVersion(), enrolledAt);
    }

    /**
     * Every view the format stores, or, while they are not stored, the image as scanned only (one
     * rendering).
     */
    private PreparedReference prepare(EnrolledImage image, int broaderPen) {
        long start = System.nanoTime();
        PreparedReference prepared =
                format.bitonalViews()
                        ? preprocessor.prepareReference(image.image(), image.region(), broaderPen)
                        : asScannedOnly(preprocessor.preprocess(image.image(), image.region()));
        observer.preprocessed(System.nanoTime() - start);
        return prepared;
    }

    /** A reference rendered as scanned only; {@link #embedded} reads nothing else of it. */
    private static PreparedReference asScannedOnly(float[] tensor) {
        return new PreparedReference(tensor, tensor);
    }

    /**
     * Every view in one model call: each reference as scanned, then the bitonal views of the grey
     * ones (a bitonal reference is its own bitonal view), then the same of its broader pen's
     * rendering where it has one; each view with its mean ink level, by which a questioned image is
     * matched with the nearer pen.
     */
    private ReferenceViews embed(List<PreparedReference> prepared) {
        List<PreparedReference> broader =
                prepared.stream()
                        .map(PreparedReference::broaderPen)
                        .filter(Objects::nonNull)
                        .toList();
        List<float[]> tensors = new ArrayList<>(prepared.size() * (broader.isEmpty() ? 2 : 4));
        addRenderings(tensors, prepared);
        addRenderings(tensors, broader);
        Iterator<float[]> embeddings = Arrays.asList(embedder.embed(tensors)).iterator();
        ReferenceViews asWritten = views(prepared, embeddings);
        if (broader.isEmpty()) {
            return asWritten;
        }
        return new ReferenceViews(
                asWritten.asScanned(),
                asWritten.spread(),
                asWritten.bitonal(),
                asWritten.bitonalSpread(),
                asWritten.inkLevel(),
                asWritten.bitonalInkLevel(),
                views(broader, embeddings));
    }

    /** The renderings of one pen's references, in the order {@link #views} reads them back. */
    private static void addRenderings(List<float[]> tensors, List<PreparedReference> references) {
        references.forEach(r -> tensors.add(r.asScanned()));
        references.stream().filter(r -> !r.bitonalItself()).forEach(r -> tensors.add(r.bitonal()));
    }

    /** One pen's two views, their embeddings taken from {@code embeddings} in rendering order. */
    private static ReferenceViews views(
            List<PreparedReference> references, Iterator<float[]> embeddings) {
        List<float[]> asScanned = new ArrayList<>(references.size());
        for (int i = 0; i < references.size(); i++) {
            asScanned.add(embeddings.next());
        }
        List<float[]> bitonal = new ArrayList<>(references.size());
        for (int i = 0; i < references.size(); i++) {
            bitonal.add(references.get(i).bitonalItself() ? asScanned.get(i) : embeddings.next());
        }
        return ReferenceViews.of(
                asScanned,
                bitonal,
                InkLevel.mean(references.stream().map(PreparedReference::asScanned).toList()),
                InkLevel.mean(references.stream().map(PreparedReference::bitonal).toList()),
                null);
    }
}
