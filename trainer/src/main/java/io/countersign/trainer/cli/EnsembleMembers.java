package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import java.util.List;

/**
 * What the members of an ensemble must share: the preprocessing canvas (the service prepares one
 * input tensor for all of them; each member's pixel standardisation is restored in the graph) and
 * the ink's turn. Their writer splits may differ (a network adapted to a bank's writers beside
 * networks trained on other corpora or seeds): the ensemble's rule is fitted, and it is measured,
 * on the writers every member held out ({@link EvaluationData#select}).
 */
final class EnsembleMembers {

    private EnsembleMembers() {}

    /**
     * Refuses, in one line naming the member and what differs, members that read another canvas or
     * turn the ink otherwise.
     */
    static void requireCompatible(List<ModelCard> cards) {
        if (cards.size() < 2) {
            throw new IllegalArgumentException(
                    "an ensemble needs at least two --member model directories");
        }
        ModelCard first = cards.get(0);
        for (int i = 1; i < cards.size(); i++) {
            ModelCard card = cards.get(i);
            // The pixel mean and deviation may differ (each member's input is re-standardised in
            // the graph, EnsembleGraph.InputAdapter); the canvas may not.
            if (card.inputHeight() != first.inputHeight()
                    || card.inputWidth() != first.inputWidth()) {
                throw new IllegalArgumentException(
                        "member "
                                + i
                                + " ("
                                + card.version()
                                + ") reads a "
                                + card.inputHeight()
                                + "x"
                                + card.inputWidth()
                                + " canvas, member 0 a "
                                + first.inputHeight()
                                + "x"
                                + first.inputWidth()
                                + ": members must read the same preprocessing canvas");
            }
            if (card.preprocessing().orientation() != first.preprocessing().orientation()) {
                throw new IllegalArgumentException(
                        "member "
                                + i
                                + " ("
                                + card.version()
                                + ") turns the ink "
                                + card.preprocessing().orientation().id()
                                + ", member 0 "
                                + first.preprocessing().orientation().id()
                                + ": members must see the ink at the same angle (retrain one"
                                + " with train --orientation)");
            }
        }
    }
}
