package io.countersign.streams.verification;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.image.ImageTone;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.PreparedImage;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.Scorer;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.events.Verdict;
import io.countersign.streams.batching.BatchHandler;
import io.countersign.streams.batching.PendingRequest;
import io.countersign.streams.enrollment.ReferenceEncoder;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.inference.Embedder;
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
 * store (re-embedding a set made by another model version and storing it back), embeds the requests
 * in one model call, scores the distances with the served {@link ScoringRule} with both sides in
 * one view (as bitonal images where the request or a reference is bitonal, as scanned otherwise;
 * normalised by that view's own spread where the card says so) and makes one verdict per request,
 * in order.
 */
public final class VerdictScorer implements BatchHandler<String, Verdict> {

    private static final Logger log = LoggerFactory.getLogger(VerdictScorer.class);

    private final String referenceStoreName;
    private final Embedder embedder;
    private final ReferenceEncoder encoder;
    private final SignaturePreprocessor preprocessor;
    private final ScoringRule rule;
    private KeyValueStore<String, ReferenceSet> references;

    public VerdictScorer(
            String referenceStoreName,
            Embedder embedder,
            ReferenceEncoder encoder,
            SignaturePreprocessor preprocessor,
            ScoringRule rule) {
        this.referenceStoreName = referenceStoreName;
        this.embedder = embedder;
        this.encoder = encoder;
        this.preprocessor = preprocessor;
        this.rule = rule;
    }

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        references = context.getStateStore(referenceStoreName);
    }

    @Override
    public boolean idle() {
        return embedder.idle();
    }

    @Override
    public List<Record<String, Verdict>> handle(List<PendingRequest> batch, long nowMs) {
        // Each customer's set is looked up (and re-embedded if stale) first: the view a request
        // meets its references in decides which of its renderings is embedded.
        Map<String, Optional<ReferenceSet>> sets = new HashMap<>();
        List<ImageTone> views = new ArrayList<>(batch.size());
        List<float[]> tensors = new ArrayList<>(batch.size());
        for (PendingRequest request : batch) {
            // A request read back from the store (after a restart or an upgrade) is
            // preprocessed again, for the model that scores it now.
            PreparedImage prepared =
                    request.prepared() != null
                            ? request.prepared()
                            : preprocessor.prepare(request.image(), request.region());
            Optional<ReferenceSet> set =
                    sets.computeIfAbsent(request.customerId(), this::currentReferences);
            // No view for a set stored without its bitonal view (format 2, while an upgrade is
            // under way): the request is compared as it is with the references as scanned, as
            // the version being replaced compares it.
            ImageTone view =
                    set.filter(ReferenceSet::bitonalViewEmbedded)
                            .map(s -> s.views().viewFor(prepared.tone()))
                            .orElse(null);
            views.add(view);
            tensors.add(view == null ? prepared.tensor() : inView(request, prepared, view));
        }
        float[][] embeddings = embedder.embed(tensors);
        ModelCard card = embedder.card();
        Instant processedAt = Instant.ofEpochMilli(nowMs);
        List<Record<String, Verdict>> verdicts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PendingRequest request = batch.get(i);
            Optional<ReferenceSet> set = sets.get(request.customerId());
            Verdict verdict =
                    set.isEmpty()
                            ? Verdicts.notEnrolled(
                                    request, rule.threshold(), card.version(), processedAt)
                            : Verdicts.scored(
                                    request,
                                    set.get().referenceIds(),
                                    Scorer.score(
                                            embeddings[i],
                                            views.get(i) == null ? ImageTone.GREY : views.get(i),
                                            set.get().views(),
                                            rule),
                                    views.get(i),
                                    rule.aggregation(),
                                    card.version(),
                                    processedAt);
            verdicts.add(new Record<>(request.customerId(), verdict, request.timestamp()));
        }
        return verdicts;
    }

    /**
     * The request's tensor in the view it is compared in: as prepared, or, for a grey image
     * compared as bitonal (the customer enrolled a bitonal reference), its bitonal rendering, made
     * from the image again (rare: the usual request needs no second rendering).
     */
    private float[] inView(PendingRequest request, PreparedImage prepared, ImageTone view) {
        return view == ImageTone.BITONAL && prepared.tone() == ImageTone.GREY
                ? preprocessor.prepareReference(request.image(), request.region()).bitonal()
                : prepared.tensor();
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
