package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the members of an ensemble must share: the preprocessing canvas (the service prepares one
 * input tensor for all of them; each member's pixel standardisation is restored in the graph) and
 * the writer split of every corpus the ensemble is fitted on (the validation writers the ensemble's
 * rule is fitted on, and the test writers it is measured on, must be held out of every member).
 */
final class EnsembleMembers {

    private EnsembleMembers() {}

    /**
     * Refuses, in one line naming the member and what differs, members that read another canvas or
     * turn the ink otherwise, or that split one of the {@code fitted} corpora (the ensemble's
     * {@code --dataset}) differently.
     */
    static void requireCompatible(List<ModelCard> cards, List<String> fitted) {
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
        requireOneSplit(cards, fitted);
    }

    /**
     * The ensemble's rule is fitted on the validation writers of the {@code fitted} corpora as
     * {@code evaluate --split} reads them for member 0 (the ensemble's card keeps member 0's
     * training record), so every network that trained on one of them, inside any member, must have
     * split it the same way, or some of those writers trained it. A member that never read a corpus
     * holds all its writers out, and may have trained on other corpora too (a network adapted to a
     * bank's writers beside the shipped ensemble).
     */
    private static void requireOneSplit(List<ModelCard> cards, List<String> fitted) {
        List<CorpusSplit> ensemble = EvaluationData.splitsAsRead(fitted, cards.get(0));
        for (int j = 0; j < fitted.size(); j++) {
            String spec = fitted.get(j);
            boolean firstReadIt = CorpusSplit.of(spec, cards.get(0).training()).isPresent();
            for (int i = 0; i < cards.size(); i++) {
                for (CorpusSplit theirs : CorpusSplit.allOf(spec, cards.get(i).training())) {
                    if (!theirs.equals(ensemble.get(j))) {
                        throw new IllegalArgumentException(
                                "member "
                                        + i
                                        + " ("
                                        + cards.get(i).version()
                                        + ") split "
                                        + spec
                                        + " "
                                        + theirs.describe()
                                        + ", the ensemble "
                                        + ensemble.get(j).describe()
                                        + (firstReadIt
                                                ? ""
                                                : " (member 0 never read it: put first a member"
                                                        + " that trained on every corpus the"
                                                        + " ensemble is fitted on)")
                                        + ": members must share one writer split of every corpus"
                                        + " they trained on, or the validation and test writers"
                                        + " are not held out of all of them");
                    }
                }
            }
        }
    }

    /**
     * Whether two cards' dataset descriptions ({@code kind:DIR}, several joined by " + ") name the
     * same corpora in the same order and the same folders: {@code ../shared/data/x} and the
     * absolute path of that folder are one dataset, so members trained from different working
     * directories or with different spellings of a path can still be joined.
     */
    static boolean sameFolders(String a, String b) {
        String[] ours = a.split(" \\+ ");
        String[] theirs = b.split(" \\+ ");
        if (ours.length != theirs.length) {
            return false;
        }
        for (int i = 0; i < ours.length; i++) {
            if (!canonical(ours[i].trim()).equals(canonical(theirs[i].trim()))) {
                return false;
            }
        }
        return true;
    }

    private static String canonical(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0 || spec.startsWith("synthetic")) {
            return spec; // no folder: options, compared as written
        }
        Path folder = Path.of(spec.substring(colon + 1));
        try {
            folder = folder.toRealPath();
        } catch (IOException | RuntimeException e) {
            folder = folder.toAbsolutePath().normalize(); // gone since: compare as spelt
        }
        return spec.substring(0, colon + 1) + folder;
    }
}
