package io.countersign.core.scoring;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a customer's aggregate distance is compared as it is or divided by the spread of the
 * customer's own references, so that writers whose signatures vary a lot are not rejected more
 * often than steady ones at one global threshold.
 */
public enum Normalization {
    /** The aggregate distance as it is. */
    NONE("none"),
    /**
     * The aggregate distance divided by the mean distance among the references, shrunk towards the
     * card's typical spread by one pseudo-pair (cards fitted before 2026-12-05).
     */
    REFERENCE_SPREAD("reference-spread"),
    /**
     * The same, shrunk by as many pseudo-pairs of the typical spread as the card's {@code
     * spreadPrior} says: a spread measured on five references (ten pairs) is a noisy estimate of
     * how much a writer varies, so dividing by it alone over-corrects (measured on validation
     * writers: dividing fully was no better than not dividing; half and half was 2-3 points better
     * than either). A new name rather than a new field, so that a service that does not know the
     * prior refuses the card instead of scoring with the wrong one.
     */
    REFERENCE_SPREAD_PRIOR("reference-spread-prior");

    private final String id;

    Normalization(String id) {
        this.id = id;
    }

    /** Whether the distance is divided by the customer's reference spread at all. */
    public boolean usesSpread() {
        return this != NONE;
    }

    /** The name used in model cards and configuration. */
    public String id() {
        return id;
    }

    /** Parses a card or configuration value; an unknown one names those that exist. */
    public static Normalization parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(n -> n.id.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown normalization '"
                                                + value
                                                + "': this version knows "
                                                + Arrays.stream(values())
                                                        .map(Normalization::id)
                                                        .collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
