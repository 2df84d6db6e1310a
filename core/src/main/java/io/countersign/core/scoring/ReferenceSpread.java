package io.countersign.core.scoring;

import java.util.Arrays;
import java.util.List;

/**
 * How much a customer's own reference signatures differ from each other: the mean Euclidean
 * distance over all pairs of references. Computed when a reference set is embedded (and again after
 * a re-embedding), it needs nothing but the enrolment.
 */
public final class ReferenceSpread {

    private ReferenceSpread() {}

    /** The mean pairwise distance among the references; NaN for fewer than two. */
    public static double of(List<float[]> references) {
        int n = references.size();
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += Distances.euclidean(references.get(i), references.get(j));
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }

    /**
     * The typical spread of a population of customers: the median of their spreads, those of single
     * references (NaN) left out; NaN where none is left. A card's {@code typicalSpread} is this
     * over its validation writers' enrolments, and the service's enrolled-spread gauge over its
     * stored sets, so that the two compare like with like.
     */
    public static double typical(double[] spreads) {
        double[] sorted = Arrays.stream(spreads).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double middle = (sorted.length - 1) / 2.0;
        int lo = (int) Math.floor(middle);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (middle - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The spread a score divides by: the customer's own, shrunk towards the population's typical
     * spread as if {@code priorPairs} more reference pairs had measured exactly the typical spread.
     * The more references a customer enrolled, the more their own spread counts; a set of two
     * references (one pair) cannot swing the decision on its own, and a single reference (no pair)
     * falls back to the typical spread alone.
     *
     * @param spread the customer's mean pairwise distance, NaN for a single reference
     * @param references how many references the spread was computed from
     * @param typical the typical spread of validation writers, from the model card
     * @param priorPairs the weight of the typical spread, in reference pairs (positive)
     */
    public static double effective(
            double spread, int references, double typical, double priorPairs) {
        if (!(typical > 0)) {
            throw new IllegalArgumentException("typical spread must be positive, was " + typical);
        }
        if (!(priorPairs > 0) || Double.isInfinite(priorPairs)) {
            throw new IllegalArgumentException(
                    "the spread prior must be a positive number of pairs, was " + priorPairs);
        }
        double pairs = references * (references - 1) / 2.0;
        if (pairs == 0 || !Double.isFinite(spread)) {
            return typical;
        }
        return (pairs * spread + priorPairs * typical) / (pairs + priorPairs);
    }
}
