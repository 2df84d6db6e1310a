package io.countersign.trainer.evaluation;

import io.countersign.trainer.Choices;

/**
 * Which forgeries the calibration, and with it the even-odds threshold, is fitted against.
 *
 * <p>Random forgeries (another writer's genuine signature) are far from the references and easy;
 * weighed with the skilled ones they pull the even-odds point towards acceptance, where a skilled
 * forger gets through. A bank's threat is the skilled forger, so {@link #SKILLED} is the default.
 */
public enum CalibrationTarget {
    /** Genuine against skilled forgeries only (random ones where a corpus has no skilled ones). */
    SKILLED("skilled"),
    /** Genuine against skilled and random forgeries, the two kinds weighed equally. */
    SKILLED_AND_RANDOM("skilled+random");

    private final String id;

    CalibrationTarget(String id) {
        this.id = id;
    }

    /** The name used on the command line and in model cards. */
    public String id() {
        return id;
    }

    /** Parses a command-line value; an unknown one names those that exist. */
    public static CalibrationTarget parse(String value) {
        return Choices.parse(values(), value, "calibration target");
    }

    @Override
    public String toString() {
        return id;
    }
}
