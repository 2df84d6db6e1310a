package io.countersign.streams.verification;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.image.ImageTone;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.InkLevel;
import io.countersign.core.preprocess.PreparedImage;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.ReferenceViews;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.Scorer;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.events.Verdict;
import io.countersign.streams.batching.BatchHandler;
import io.countersign.streams.batching.PendingRequest;
import io.countersign.streams.enrollment.ReferenceEncoder;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a batch of waiting requests: looks each customer's reference set up in the co-partitioned
 * store (re-embedding a set made by another model version, or lacking a view the served card uses,
 * and storing it back), embeds the requests in one model call, scores the distances with the served
 * {@link ScoringRule} with both sides in one view (as bitonal images where the request or a
 * reference is bitonal, as scanned otherwise; normalised by that view's own spread where the card
 * says so) and, where the card asks for a pen view, with the references as written by the pen whose
 * ink level is nearer the request's, and makes one verdict per request, in order (marked for review
 * where its distance lies in the served card's review band); a request whose image the served
 * model's preprocessing refuses is answered with the reason, for its dead letter, and the rest of
 * the batch is scored.
 */
public final class VerdictScorer implements BatchHandler<String, RequestOutcome> {

    private static final Logger log = LoggerFactory.getLogger(VerdictScorer.class);

    private final String referenceStoreName;
    private final Embedder embedder;
    private final ReferenceEncoder encoder;
    private final SignaturePreprocessor preprocessor;
    private final ScoringRule rule;
    private final Optional<ReviewBand> reviewBand;
    private final PipelineObserver observer;
    private KeyValueStore<String, ReferenceSet> references;

    public VerdictScorer(
            String referenceStoreName,
            Embedder embedder,
            ReferenceEncoder encoder,
            SignaturePreprocessor preprocessor,
            ScoringRule rule,
            Optional<ReviewBand> reviewBand,
            PipelineObserver observer) {
        this.referenceStoreName = referenceStoreName;
        this.embedder = embedder;
        this.encoder = encoder;
        this.preprocessor = preprocessor;
        this.rule = rule;
        this.reviewBand = reviewBand;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, RequestOutcome> context) {
        references = context.getStateStore(referenceStoreName);
    }

    @Override
    public boolean idle() {
        return embedder.idle();
    }

    @Override
    public List<Record<String, RequestOutcome>> handle(List<PendingRequest> batch, long nowMs) {
        ModelCard card = embedder.card();
        // Each customer's set is looked up (and re-embedded if stale) first: the view a request
        // meets its references in decides which of its renderings is embedded.
        Map<String, Optional<ReferenceSet>> sets = new HashMap<>();
        List<ImageTone> views = new ArrayList<>(batch.size());
        List<float[]> tensors = new ArrayList<>(batch.size());
        List<Double> inkLevels = new ArrayList<>(batch.size());
        RequestOutcome.Refused[] refused = new RequestOutcome.Refused[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            PendingRequest request = batch.get(i);
            try {
                // A request read back from the store (after a restart or an upgrade) is
                // preprocessed again, for the model that scores it now.
                PreparedImage prepared =
                        request.prepared() != null ? request.prepared() : preparedAgain(request);
                Optional<ReferenceSet> set =
                        sets.computeIfAbsent(request.customerId(), this::currentReferences);
                // No view for a set stored without its bitonal view (format 2, while an upgrade
                // is under way): the request is compared as it is with the references as
                // scanned, as the version being replaced compares it.
                ImageTone view =
                        set.filter(ReferenceSet::bitonalViewEmbedded)
                                .map(s -> s.views().viewFor(prepared.tone()))
                                .orElse(null);
                float[] tensor = view == null ? prepared.tensor() : inView(request, prepared, view);
                views.add(view);
                tensors.add(tensor);
                inkLevels.add(view == null ? Double.NaN : inkLevel(tensor));
            } catch (ImageRejectedException e) {
                // Admitted by an earlier version whose preprocessing took it (a cheque whose only
                // "ink" was its printed line, say): retrying cannot help, and failing the batch
                // would stop its partition for good, so it is dead-lettered with the reason.
                log.info("A waiting request is refused by model {} ({})", card.version(), e.code());
                refused[i] =
                        new RequestOutcome.Refused(
                                request,
                                e.code(),
                                "admitted earlier, refused when scored by model "
                                        + card.version()
                                        + ": "
                                        + e.getMessage());
            }
        }
        float[][] embeddings = tensors.isEmpty() ? new float[0][] : embedder.embed(tensors);
        Instant processedAt = Instant.ofEpochMilli(nowMs);
        List<Record<String, RequestOutcome>> outcomes = new ArrayList<>(batch.size());
        int row = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingRequest request = batch.get(i);
            RequestOutcome outcome =
                    refused[i] != null
                            ? refused[i]
                            : new RequestOutcome.Answered(
                                    verdict(
                                            request,
                                            sets.get(request.customerId()),
                                            embeddings[row],
                                            views.get(row),
                                            inkLevels.get(row++),
                                            card,
                                            processedAt));
            outcomes.add(new Record<>(request.customerId(), outcome, request.timestamp()));
        }
        return outcomes;
    }

    private Verdict verdict(
            PendingRequest request,
            Optional<ReferenceSet> set,
            float[] embedding,
            ImageTone view,
            double inkLevel,
            ModelCard card,
            Instant processedAt) {
        if (set.isEmpty()) {
            return Verdicts.notEnrolled(request, rule.threshold(), card.version(), processedAt);
        }
        ReferenceViews references = set.get().views();
        ImageTone tone = view == null ? ImageTone.GREY : view;
        ReferenceViews chosen = references.penFor(tone, inkLevel);
        ComparedPen pen = null;
        if (references.hasPenView() && !Double.isNaN(inkLevel)) {
            pen = chosen == references ? ComparedPen.AS_ENROLLED : ComparedPen.BROADER;
        }
        if (pen == ComparedPen.BROADER) {
            observer.comparedWithBroaderPen();
        }
        return Verdicts.scored(
                request,
                set.get().referenceIds(),
                Scorer.score(embedding, tone, chosen, rule),
                view,
                pen,
                reviewBand,
                rule.aggregation(),
                card.version(),
                processedAt);
    }

    /**
     * The request's tensor in the view it is compared in: as prepared, or, for a grey image
     * compared as bitonal (the customer enrolled a bitonal reference), its bitonal rendering, made
     * from the image again (rare: the usual request needs no second rendering).
     */
    private float[] inView(PendingRequest request, PreparedImage prepared, ImageTone view) {
        if (view != ImageTone.BITONAL || prepared.tone() != ImageTone.GREY) {
            return prepared.tensor();
        }
        long start = System.nanoTime();
        float[] bitonal =
                preprocessor.prepareReference(request.image(), request.region()).bitonal();
        observer.preprocessed(System.nanoTime() - start);
        return bitonal;
    }

    /**
     * The ink level of the tensor a request is embedded with, by which its references' pen is
     * chosen; NaN (the references as enrolled) where no pen view is made or used: the served card
     * asks for none, or an upgrade writes a format without them, whose sets may still hold one.
     */
    private double inkLevel(float[] tensor) {
        return encoder.broaderPen() > 0 ? InkLevel.of(tensor) : Double.NaN;
    }

    /** A request read back from the store, prepared again (timed like any other image). */
    private PreparedImage preparedAgain(PendingRequest request) {
        long start = System.nanoTime();
        PreparedImage prepared = preprocessor.prepare(request.image(), request.region());
        observer.preprocessed(System.nanoTime() - start);
        return prepared;
    }

    private Optional<ReferenceSet> currentReferences(String customerId) {
        ReferenceSet stored = references.get(customerId);
        if (stored == null) {
            return Optional.empty();
        }
        try {
            ReferenceSet current = encoder.current(stored);
            if (current != stored) {
                references.put(customerId, current);
                log.info(
                        "Re-embedded a reference set from model {} with model {}",
                        stored.modelVersion(),
                        current.modelVersion());
            }
            return Optional.of(current);
        } catch (ImageRejectedException e) {
            // The served model's preprocessing refuses an image the old one took: the customer
            // must re-enrol, and until then is answered as not enrolled rather than guessed at.
            log.warn("A reference set cannot be re-embedded ({}): {}", e.code(), e.getMessage());
            return Optional.empty();
        }
    }
}
