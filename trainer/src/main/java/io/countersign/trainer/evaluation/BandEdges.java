package io.countersign.trainer.evaluation;

import io.countersign.core.model.ModelCard;
import io.countersign.trainer.Choices;

/**
 * Whose error rate the review band's two edges are fitted to on the validation writers: all trials
 * pooled, or each corpus's own.
 */
public enum BandEdges {
    /**
     * At most the target share of all skilled forgeries at or below the lower edge, and of all
     * genuine signatures above the upper: the largest corpus decides where they lie.
     */
    POOLED("pooled"),
    /**
     * Each edge where the strictest corpus puts it: the lower the lowest distance at which some
     * corpus's FAR reaches the target, the upper the highest at which some corpus's FRR does. Every
     * corpus's automatic decisions then err at most that often on the validation writers, not only
     * the pooled ones, at the price of more referrals; with one corpus it is {@link #POOLED}.
     */
    STRICTEST_CORPUS("strictest-corpus");

    private final String id;

    BandEdges(String id) {
        this.id = id;
    }

    /** The name used on the command line and in model cards. */
    public String id() {
        return id;
    }

    /**
     * How a card's band was fitted, as its training record says ({@code bandEdges}); {@link
     * #POOLED} for a card from before the choice, whose band was fitted so.
     */
    public static BandEdges of(ModelCard card) {
        Object recorded = card.training().get("bandEdges");
        return recorded == null ? POOLED : parse(recorded.toString());
    }

    /** Parses a command-line value; an unknown one names those that exist. */
    public static BandEdges parse(String value) {
        return Choices.parse(values(), value, "band edges");
    }

    @Override
    public String toString() {
        return id;
    }
}
