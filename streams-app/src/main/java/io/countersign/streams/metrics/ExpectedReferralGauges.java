package io.countersign.streams.metrics;

import io.countersign.core.model.ModelCard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the model card's review band referred on the writers it was fitted on, by kind of request
 * ({@code countersign_model_expected_review_share{trials="genuine|skilled|random"}}): the dashboard
 * draws it beside the share the service refers, and an alert fires when requests are referred well
 * above the genuine figure (traffic unlike those writers: a new scanner, pen or population shows
 * there first; refit the band on the bank's own writers). The card's numbers only, no customer
 * data.
 */
public final class ExpectedReferralGauges {

    private ExpectedReferralGauges() {}

    /**
     * Registers a gauge for each share the card records, where {@code bandAsFitted}: an operator's
     * threshold or aggregation moves the band, and the card's shares then describe another band.
     */
    public static void bind(MeterRegistry registry, ModelCard card, boolean bandAsFitted) {
        if (!bandAsFitted) {
            return;
        }
        for (String trials : ModelCard.REFERRED_TRIALS) {
            card.referredWhereFitted(trials)
                    .ifPresent(
                            share ->
                                    Gauge.builder(
                                                    "countersign.model.expected.review.share",
                                                    () -> share)
                                            .description(
                                                    "Share of requests of this kind the model"
                                                            + " card's review band referred on the"
                                                            + " writers it was fitted on")
                                            .tag("trials", trials)
                                            .register(registry));
        }
    }
}
