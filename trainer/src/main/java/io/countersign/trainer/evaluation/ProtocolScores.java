package io.countersign.trainer.evaluation;

import io.countersign.datasets.WriterId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The service-protocol scores of a set of writers: per writer, the (normalised) distances of its
 * genuine, skilled-forgery and random-forgery trials to its references.
 *
 * @param writers the scored writers
 * @param skipped the writers that could not enrol (too few genuine signatures)
 */
public record ProtocolScores(List<WriterScores> writers, List<String> skipped) {

    /** One writer's trial scores by kind. */
    public record WriterScores(String writer, double[] genuine, double[] skilled, double[] random) {

        /** Copies the arrays so the record stays immutable. */
        public WriterScores {
            genuine = genuine.clone();
            skilled = skilled.clone();
            random = random.clone();
        }
    }

    /** Keeps unmodifiable copies. */
    public ProtocolScores {
        writers = List.copyOf(writers);
        skipped = List.copyOf(skipped);
    }

    /** All writers' trials together, as one set of scores by kind. */
    public DistanceSet pooled() {
        return new DistanceSet(
                concat(WriterScores::genuine),
                concat(WriterScores::skilled),
                concat(WriterScores::random));
    }

    /**
     * The scores of each corpus ({@link WriterId#corpus}, "" for unqualified writer ids), sorted by
     * corpus name.
     */
    public Map<String, ProtocolScores> byCorpus() {
        Map<String, List<WriterScores>> scored = new TreeMap<>();
        Map<String, List<String>> skippedBy = new TreeMap<>();
        for (WriterScores w : writers) {
            scored.computeIfAbsent(WriterId.corpus(w.writer()), c -> new ArrayList<>()).add(w);
        }
        for (String w : skipped) {
            skippedBy.computeIfAbsent(WriterId.corpus(w), c -> new ArrayList<>()).add(w);
            scored.computeIfAbsent(WriterId.corpus(w), c -> new ArrayList<>());
        }
        Map<String, ProtocolScores> groups = new TreeMap<>();
        scored.forEach(
                (corpus, list) ->
                        groups.put(
                                corpus,
                                new ProtocolScores(
                                        list, skippedBy.getOrDefault(corpus, List.of()))));
        return groups;
    }

    private double[] concat(Function<WriterScores, double[]> kind) {
        return writers.stream().map(kind).flatMapToDouble(Arrays::stream).toArray();
    }
}
