package io.countersign.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the card's threshold and calibration were fitted, so the service scores the same way: the
 * aggregation and normalisation of reference distances, the typical reference spread (used for a
 * customer with a single reference), and how many references each validation writer enrolled.
 *
 * @param aggregation e.g. {@code mean} (see core's {@code Aggregation})
 * @param normalization e.g. {@code none} or {@code reference-spread} (core's {@code
 *     Normalization}); a service refuses a card whose normalisation it does not know
 * @param typicalSpread median reference spread of the validation writers; null without
 *     normalisation
 * @param spreadPrior the typical spread's weight in reference pairs, for {@code
 *     reference-spread-prior} only (null otherwise)
 * @param references references enrolled per validation writer in the fit (the service protocol)
 * @param broaderPen pixels a reference's strokes grow by on each side in its pen view (core's
 *     {@code BroaderPen}), which the fit compared a questioned image with where its ink level was
 *     nearer that view's ({@code ReferenceViews#penFor}); null or 0: no pen view
 */
public record ScoringFit(
        String aggregation,
        String normalization,
        Double typicalSpread,
        // Left out of cards that do not use it, so they read as they did before it existed.
        @JsonInclude(JsonInclude.Include.NON_NULL) Double spreadPrior,
        Integer references,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer broaderPen) {

    /** What a card without this section means: mean distance, no normalisation. */
    public static final ScoringFit LEGACY = new ScoringFit("mean", "none", null, null, null, null);

    /** A fit without a pen view. */
    public ScoringFit(
            String aggregation,
            String normalization,
            Double typicalSpread,
            Double spreadPrior,
            Integer references) {
        this(aggregation, normalization, typicalSpread, spreadPrior, references, null);
    }

    /** The same fit, with a pen view that many pixels broader (0: none). */
    public ScoringFit withBroaderPen(int pixels) {
        return new ScoringFit(
                aggregation,
                normalization,
                typicalSpread,
                spreadPrior,
                references,
                pixels > 0 ? pixels : null);
    }
}
