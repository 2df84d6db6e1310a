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
    /** The aggregate distance divided by the (shrunk) mean distance among the references. */
    REFERENCE_SPREAD("reference-spread");

    private final String id;

    Normalization(String id) {
        this.id = id;
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
