package io.countersign.trainer.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.countersign.trainer.model.SigNetVariant;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Per-epoch checkpoints: the latest parameters ({@code last/}), the best so far ({@code best/}) and
 * a small state file (epoch, history, best EER, variant) for {@code --resume} and export.
 */
public final class Checkpoints {

    /** The model name DJL gives the parameter files. */
    public static final String NAME = "signet";

    private static final String STATE = "state.properties";

    private final Path dir;

    /** Checkpoints kept in this directory. */
    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Training state saved with each checkpoint.
     *
     * @param criterion what {@code bestEer} measures
     * @param bestEpoch the epoch whose weights are in {@code best}; 0 for the starting weights
     * @param bestEer their validation EER by {@code criterion}; {@link #NO_CANDIDATE} while the
     *     best weights are an untrained network's, which any trained epoch replaces
     * @param initialEer the starting weights' validation pair EER
     */
    public record State(
            SigNetVariant variant,
            EpochCriterion criterion,
            int epoch,
            int bestEpoch,
            double bestEer,
            double initialEer,
            List<EpochStats> history) {

        /** The best EER of a run whose only weights so far are untrained (no EER is above 1). */
        public static final double NO_CANDIDATE = 1.0;

        /** Whether an epoch with this validation EER is better than the best weights so far. */
        public boolean improvedBy(double eer) {
            return eer < bestEer || !hasCandidate();
        }

        /**
         * Whether the best weights were measured as a candidate: a trained epoch, or the starting
         * weights of a fine-tune ({@code --init-from}), which must be beaten to be replaced.
         */
        public boolean hasCandidate() {
            return bestEpoch > 0 || bestEer < NO_CANDIDATE;
        }
    }

    /** Whether a resumable checkpoint exists. */
    public boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    /** Saves the latest parameters (and the best ones when {@code best}) and the state. */
    public void save(Model model, State state, boolean best) throws IOException {
        Files.createDirectories(dir);
        model.save(dir.resolve("last"), NAME);
        if (best) {
            model.save(dir.resolve("best"), NAME);
        }
        Properties p = new Properties();
        p.setProperty("variant", state.variant().id());
        p.setProperty("selectBy", state.criterion().id());
        p.setProperty("epoch", Integer.toString(state.epoch()));
        p.setProperty("bestEpoch", Integer.toString(state.bestEpoch()));
        p.setProperty("bestEer", Double.toString(state.bestEer()));
        p.setProperty("initialEer", Double.toString(state.initialEer()));
        for (EpochStats s : state.history()) {
            p.setProperty("history." + s.epoch(), s.toCsv());
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(STATE))) {
            p.store(w, "countersign trainer checkpoint");
        }
    }

    /** Reads the state; fails with a clear message where there is none. */
    public State state() throws IOException {
        if (!exists()) {
            throw new IllegalArgumentException(
                    "no checkpoint in "
                            + dir
                            + " (expected "
                            + STATE
                            + "): train first, or point"
                            + " --checkpoint at a training run's checkpoint directory");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(STATE))) {
            p.load(r);
        }
        int epoch = Integer.parseInt(p.getProperty("epoch"));
        List<EpochStats> history = new ArrayList<>();
        for (int e = 1; e <= epoch; e++) {
            String line = p.getProperty("history." + e);
            if (line != null) {
                history.add(EpochStats.parse(line));
            }
        }
        return new State(
                SigNetVariant.parse(p.getProperty("variant")),
                // Checkpoints from before the choice were all picked by pair EER.
                EpochCriterion.parse(p.getProperty("selectBy", EpochCriterion.PAIRS.id())),
                epoch,
                Integer.parseInt(p.getProperty("bestEpoch")),
                Double.parseDouble(p.getProperty("bestEer")),
                Double.parseDouble(p.getProperty("initialEer")),
                history);
    }

    /** Loads the latest ({@code best=false}) or best parameters into a model with its block set. */
    public void load(Model model, boolean best) throws IOException {
        try {
            model.load(dir.resolve(best ? "best" : "last"), NAME);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint in " + dir + " is damaged: " + e.getMessage(), e);
        }
    }
}
