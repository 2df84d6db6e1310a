package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnsembleCommandTest {

    @Test
    void countsTheNetworksOfAMemberThatIsItselfAnEnsemble() {
        assertThat(EnsembleCommand.networks("signet-s")).isEqualTo(1);
        assertThat(EnsembleCommand.networks("ensemble(signet-s,signet-s-l2)")).isEqualTo(2);
        // the four-network model: a two-network ensemble joined with two more networks
        assertThat(
                        EnsembleCommand.networks(
                                "ensemble(ensemble(signet-s,signet-s-l2),signet-s,signet-s-l2)"))
                .isEqualTo(4);
    }
}
