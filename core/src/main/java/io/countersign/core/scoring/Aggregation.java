package io.countersign.core.scoring;

import java.util.Arrays;
import java.util.Locale;

/** How the distances to a customer's reference signatures become one distance. */
public enum Aggregation {
    /** The mean distance: robust to one unusual reference. */
    MEAN {
        @Override
        public double apply(double[] distances) {
            return Arrays.stream(requireSome(distances)).average().orElseThrow();
        }
    },
    /** The distance to the closest reference: lenient, for customers whose signature varies. */
    MIN {
        @Override
        public double apply(double[] distances) {
            return Arrays.stream(requireSome(distances)).min().orElseThrow();
        }
    };

    /** Aggregates a non-empty list of distances. */
    public abstract double apply(double[] distances);

    /** The name in configuration, model cards and reports: {@code mean} or {@code min}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration value such as {@code mean} or {@code MIN}. */
    public static Aggregation parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown aggregation '" + value + "': use one of " + Arrays.toString(values()),
                    e);
        }
    }

    private static double[] requireSome(double[] distances) {
        if (distances.length == 0) {
            throw new IllegalArgumentException("no reference distances to aggregate");
        }
        return distances;
    }
}
