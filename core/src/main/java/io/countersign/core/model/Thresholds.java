package io.countersign.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Decision thresholds on the (normalised) aggregate distance, fitted on validation writers.
 *
 * @param eer the default threshold the service decides at. Since the trainer fits the service
 *     protocol, this is the calibration's even-odds point ({@code -intercept / slope}, where
 *     P(genuine) = 0.5), not an equal-error-rate threshold; the name stays for card compatibility
 * @param targetFar the false-acceptance rate the second threshold was chosen for, e.g. 0.01
 * @param atTargetFar the distance at which the (skilled-forgery) false-acceptance rate is {@code
 *     targetFar}: at or below it a verdict is GENUINE without review ({@code ReviewBand})
 * @param targetFrr the false-rejection rate the third threshold was chosen for; null in cards
 *     fitted before review bands, which have none
 * @param atTargetFrr the distance above which {@code targetFrr} of genuine signatures lie: above it
 *     a verdict is FORGED without review; null in cards fitted before review bands
 */
public record Thresholds(
        double eer,
        double targetFar,
        double atTargetFar,
        // Left out of older cards, so they read and rewrite as they did before.
        @JsonInclude(JsonInclude.Include.NON_NULL) Double targetFrr,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double atTargetFrr) {

    /** Thresholds without a review band, as every card before them. */
    public Thresholds(double eer, double targetFar, double atTargetFar) {
        this(eer, targetFar, atTargetFar, null, null);
    }
}
