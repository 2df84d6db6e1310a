package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.trainer.model.SigNetVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStateTest {

    @TempDir Path dir;

    private static Checkpoints.State start(double bestEer, double initialEer) {
        return new Checkpoints.State(
                SigNetVariant.SIGNET_S, EpochCriterion.PAIRS, 0, 0, bestEer, initialEer, List.of());
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
    void aFineTuneThatKeptItsStartSaysWhyAndWhatToDo() {
        String pooled = SiameseTraining.keptTheStartingWeights(start(0.1669, 0.1669), null);
        String onTheirs = SiameseTraining.keptTheStartingWeights(start(0.0567, 0.0567), "folders");

        assertThat(pooled)
                .contains("validation pairs EER (16.69%)")
                .contains("the model written is the starting network")
                .contains("pools every corpus's validation writers")
                .contains("--balance-corpora")
                .contains("--select-on")
                .contains("Adapting a network to your writers");
        assertThat(onTheirs)
                .contains("(5.67%)")
                .contains("measured on folders's validation writers alone")
                .doesNotContain("pools");
    }

    @Test
    void aTrainedEpochIsACandidate() {
        Checkpoints.State afterEpoch =
                new Checkpoints.State(
                        SigNetVariant.SIGNET_S, EpochCriterion.PAIRS, 3, 2, 0.25, 0.35, List.of());

        assertThat(afterEpoch.hasCandidate()).isTrue();
        assertThat(afterEpoch.improvedBy(0.26)).isFalse();
        assertThat(afterEpoch.improvedBy(0.24)).isTrue();
    }

    @Test
    void aCheckpointFromBeforeTheProtocolWasMeasuredStillReads() throws Exception {
        // Given a state file as runs wrote it before --select-by: six fields an epoch, no criterion
        Files.writeString(
                dir.resolve("state.properties"),
                "variant=signet-s\nepoch=1\nbestEpoch=1\nbestEer=0.25\ninitialEer=0.35\n"
                        + "history.1=1,0.1,0.08,0.25,70.0,58.0\n");

        // When
        Checkpoints.State state = new Checkpoints(dir).state();

        // Then it was picked by pair EER, and the protocol is known not to have been measured
        assertThat(state.criterion()).isEqualTo(EpochCriterion.PAIRS);
        assertThat(state.history().get(0).validationEer()).isEqualTo(0.25);
        assertThat(state.history().get(0).protocolEer()).isNaN();
    }

    @Test
    void anEpochRoundTripsThroughItsCsvLine() {
        EpochStats epoch = new EpochStats(4, 0.09, 0.08, 0.26, 71, 57.3, 0.142);

        assertThat(EpochStats.parse(epoch.toCsv())).isEqualTo(epoch);
    }
}
