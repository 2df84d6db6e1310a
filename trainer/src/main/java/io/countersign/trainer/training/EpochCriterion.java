package io.countersign.trainer.training;

import io.countersign.trainer.Choices;

/**
 * What picks a training run's best epoch (and what early stopping waits on). Both are measured on
 * the validation writers after every epoch and logged; only the criterion decides.
 */
public enum EpochCriterion {
    /**
     * The EER of isolated validation pairs (genuine against skilled and random forgeries).
     * Dominated by whichever corpus has most validation writers.
     */
    PAIRS("pairs"),
    /**
     * The skilled-forgery EER of the service protocol (K references enrolled, the best candidate
     * scoring rule, as {@code calibrate} fits it): what the shipped card is chosen on.
     */
    PROTOCOL("protocol");

    private final String id;

    EpochCriterion(String id) {
        this.id = id;
    }

    /** The name used on the command line and in checkpoints and cards. */
    public String id() {
        return id;
    }

    /** Looks a criterion up by its name. */
    public static EpochCriterion parse(String name) {
        return Choices.parse(values(), name, "epoch criterion");
    }

    @Override
    public String toString() {
        return id;
    }
}
