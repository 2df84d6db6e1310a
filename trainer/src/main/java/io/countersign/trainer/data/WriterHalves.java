package io.countersign.trainer.data;

import io.countersign.datasets.WriterId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A corpus's writers cut in two, seeded, inside each corpus ({@link WriterId#corpus}): a rule
 * fitted on one half and measured on the other is measured on people the fit never saw, which is
 * the figure a bank needs before trusting a threshold fitted on its own signatures.
 *
 * @param fitted the writers a rule is fitted on (the larger half where a corpus has an odd count)
 * @param measured the others
 */
public record WriterHalves(List<String> fitted, List<String> measured) {

    /** Keeps unmodifiable copies and checks that the halves share no writer. */
    public WriterHalves {
        fitted = List.copyOf(fitted);
        measured = List.copyOf(measured);
        if (!Collections.disjoint(fitted, measured)) {
            throw new IllegalArgumentException("a writer is in both halves");
        }
    }

    /**
     * Cuts each corpus's writers in two after a seeded shuffle of their sorted names, so the same
     * writers and seed always give the same halves, whatever order they were listed in.
     *
     * @throws IllegalArgumentException where a corpus has fewer than two writers to cut
     */
    public static WriterHalves of(Collection<String> writers, long seed) {
        Map<String, Set<String>> corpora = new TreeMap<>();
        for (String writer : writers) {
            corpora.computeIfAbsent(WriterId.corpus(writer), c -> new TreeSet<>()).add(writer);
        }
        List<String> fitted = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        for (Map.Entry<String, Set<String>> corpus : corpora.entrySet()) {
            List<String> names = new ArrayList<>(corpus.getValue());
            if (names.size() < 2) {
                throw new IllegalArgumentException(
                        (corpus.getKey().isEmpty() ? "the dataset" : corpus.getKey())
                                + " has "
                                + names.size()
                                + " writer: halves need at least two, one to fit on and one to"
                                + " measure");
            }
            Collections.shuffle(names, new Random(seed ^ corpus.getKey().hashCode()));
            int cut = (names.size() + 1) / 2;
            fitted.addAll(names.subList(0, cut));
            measured.addAll(names.subList(cut, names.size()));
        }
        return new WriterHalves(fitted, measured);
    }
}
