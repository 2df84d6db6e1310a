package io.countersign.streams.verification;

import io.countersign.core.image.ImageTone;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.Score;
import io.countersign.events.Decision;
import io.countersign.events.ReferenceDistance;
import io.countersign.events.Verdict;
import io.countersign.streams.batching.PendingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Makes the verdict events: a scored decision, or NOT_ENROLLED with its reason. */
final class Verdicts {

    static final String NOT_ENROLLED_REASON = "no reference set is enrolled for this customer";

    private Verdicts() {}

    /**
     * A scored verdict; {@code comparedAs} null where the references have no bitonal view to
     * compare like with like (stored in format 2 while an upgrade is under way), {@code
     * comparedWithPen} null where no pen view is used; {@code review} set where the served card has
     * a review band (whether the score's distance lies in it), null where it has none.
     */
    static Verdict scored(
            PendingRequest request,
            List<String> referenceIds,
            Score score,
            ImageTone comparedAs,
            ComparedPen comparedWithPen,
            Optional<ReviewBand> review,
            Aggregation aggregation,
            String modelVersion,
            Instant processedAt) {
        List<ReferenceDistance> distances = new ArrayList<>(referenceIds.size());
        for (int i = 0; i < referenceIds.size(); i++) {
            distances.add(
                    new ReferenceDistance(referenceIds.get(i), score.referenceDistances()[i]));
        }
        return base(request, modelVersion, processedAt)
                .setDecision(score.genuine() ? Decision.GENUINE : Decision.FORGED)
                .setDistance(score.distance())
                .setReferenceDistances(distances)
                .setThreshold(score.threshold())
                .setProbabilityGenuine(score.probabilityGenuine())
                .setAggregation(aggregation.name())
                .setReason(null)
                .setComparedAs(comparedAs == null ? null : comparedAs.name())
                .setComparedWithPen(comparedWithPen == null ? null : comparedWithPen.name())
                .setReview(review.map(band -> band.refers(score.distance())).orElse(null))
                .build();
    }

    static Verdict notEnrolled(
            PendingRequest request, double threshold, String modelVersion, Instant processedAt) {
        return base(request, modelVersion, processedAt)
                .setDecision(Decision.NOT_ENROLLED)
                .setDistance(null)
                .setReferenceDistances(List.of())
                .setThreshold(threshold)
                .setProbabilityGenuine(null)
                .setAggregation(null)
                .setReason(NOT_ENROLLED_REASON)
                .setComparedAs(null)
                .setReview(null)
                .build();
    }

    private static Verdict.Builder base(
            PendingRequest request, String modelVersion, Instant processedAt) {
        long latencyMs = Duration.between(request.submittedAt(), processedAt).toMillis();
        return Verdict.newBuilder()
                .setRequestId(request.requestId())
                .setDocumentId(request.documentId() == null ? "" : request.documentId())
                .setModelVersion(modelVersion)
                .setProcessedAt(processedAt)
                .setLatencyMillis(latencyMs);
    }
}
