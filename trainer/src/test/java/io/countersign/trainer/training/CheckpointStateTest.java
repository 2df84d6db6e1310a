package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.trainer.model.SigNetVariant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointStateTest {

    private static Checkpoints.State start(double bestEer, double initialEer) {
        return new Checkpoints.State(SigNetVariant.SIGNET_S, 0, 0, bestEer, initialEer, List.of());
    }

    @Test
    void anyTrainedEpochReplacesAnUntrainedNetwork() {
        // An untrained network can score a low pair EER by chance; it is never the model to keep.
        Checkpoints.State untrained = start(Checkpoints.State.NO_CANDIDATE, 0.30);

        assertThat(untrained.hasCandidate()).isFalse();
        assertThat(untrained.improvedBy(0.40)).isTrue();
    }

    @Test
    void aFineTuneMustBeatItsStartingWeights() {
        Checkpoints.State fineTune = start(0.189, 0.189);

        assertThat(fineTune.hasCandidate()).isTrue();
        assertThat(fineTune.improvedBy(0.197)).isFalse();
        assertThat(fineTune.improvedBy(0.189)).isFalse();
        assertThat(fineTune.improvedBy(0.185)).isTrue();
    }

    @Test
    void aTrainedEpochIsACandidate() {
        Checkpoints.State afterEpoch =
                new Checkpoints.State(SigNetVariant.SIGNET_S, 3, 2, 0.25, 0.35, List.of());

        assertThat(afterEpoch.hasCandidate()).isTrue();
        assertThat(afterEpoch.improvedBy(0.26)).isFalse();
        assertThat(afterEpoch.improvedBy(0.24)).isTrue();
    }
}
