package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import java.util.List;
import java.util.Objects;

/**
 * What the members of an ensemble must share: the preprocessing (the service prepares one input
 * tensor for all of them) and the writer split (the validation writers the ensemble's rule is
 * fitted on, and the test writers it is measured on, must be held out of every member).
 */
final class EnsembleMembers {

    private static final String[] SPLIT = {"dataset", "seed", "validationShare", "testShare"};

    private EnsembleMembers() {}

    /** Refuses, in one line naming the member and the field, members that differ. */
    static void requireCompatible(List<ModelCard> cards) {
        if (cards.size() < 2) {
            throw new IllegalArgumentException(
                    "an ensemble needs at least two --member model directories");
        }
        ModelCard first = cards.get(0);
        for (int i = 1; i < cards.size(); i++) {
            ModelCard card = cards.get(i);
            if (!card.preprocessing().equals(first.preprocessing())) {
                throw new IllegalArgumentException(
                        "member "
                                + i
                                + " ("
                                + card.version()
                                + ") was trained with preprocessing "
                                + card.preprocessing()
                                + ", member 0 with "
                                + first.preprocessing()
                                + ": members must read the same input");
            }
            for (String key : SPLIT) {
                Object theirs = card.training().get(key);
                Object ours = first.training().get(key);
                if (!Objects.equals(String.valueOf(theirs), String.valueOf(ours))) {
                    throw new IllegalArgumentException(
                            "member "
                                    + i
                                    + " ("
                                    + card.version()
                                    + ") was trained with "
                                    + key
                                    + " "
                                    + theirs
                                    + ", member 0 with "
                                    + ours
                                    + ": members must share one writer split, or the"
                                    + " validation and test writers are not held out of all of"
                                    + " them");
                }
            }
        }
    }
}
