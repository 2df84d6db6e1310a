package io.countersign.trainer.data;

import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.WriterId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writer-disjoint train, validation and test writers: a writer's signatures never appear in two
 * splits, so validation and test measure how the model does on people it has never seen.
 */
public record WriterSplit(List<String> train, List<String> validation, List<String> test) {

    /** Keeps unmodifiable copies and checks that the splits share no writer. */
    public WriterSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        Set<String> seen = new TreeSet<>();
        for (List<String> split : List.of(train, validation, test)) {
            for (String writer : split) {
                if (!seen.add(writer)) {
                    throw new IllegalArgumentException("writer " + writer + " is in two splits");
                }
            }
        }
    }

    /**
     * Splits the dataset's writers, seeded, inside each corpus ({@link WriterId#corpus}): every
     * corpus gives its own validation and test writers, so a combined run validates and tests on
     * each script and scanner it trains on. Within a corpus whose layout predefines train and test
     * partitions, its test writers are the test split and validation comes out of its train
     * writers; otherwise writers are shuffled and cut by the given shares.
     */
    public static WriterSplit of(
            SignatureDataset dataset, double validationShare, double testShare, long seed) {
        Map<String, Set<String>> corpora = new TreeMap<>();
        for (String writer : dataset.writers()) {
            corpora.computeIfAbsent(WriterId.corpus(writer), c -> new TreeSet<>()).add(writer);
        }
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (Map.Entry<String, Set<String>> corpus : corpora.entrySet()) {
            // An unqualified dataset (corpus "") is seeded exactly as before corpora existed.
            WriterSplit part =
                    ofOneCorpus(
                            dataset.ofWriters(corpus.getValue()),
                            validationShare,
                            testShare,
                            seed ^ corpus.getKey().hashCode());
            train.addAll(part.train());
            validation.addAll(part.validation());
            test.addAll(part.test());
        }
        return new WriterSplit(train, validation, test);
    }

    /**
     * The same split training on {@code share} of its training writers only, drawn in each corpus
     * (at least one each) with {@code seed}; validation and test writers are unchanged, so runs on
     * several shares are measured on the same held-out writers. A learning curve: what more writers
     * of the corpora at hand would buy.
     */
    public WriterSplit withTrainShare(double share, long seed) {
        if (share >= 1) {
            return this;
        }
        Map<String, List<String>> corpora = new TreeMap<>();
        for (String writer : train) {
            corpora.computeIfAbsent(WriterId.corpus(writer), c -> new ArrayList<>()).add(writer);
        }
        Set<String> kept = new TreeSet<>();
        for (Map.Entry<String, List<String>> corpus : corpora.entrySet()) {
            List<String> writers = new ArrayList<>(corpus.getValue());
            // Its own stream, so the draw does not repeat the split's shuffle of the same corpus.
            Collections.shuffle(writers, new Random(~seed ^ corpus.getKey().hashCode()));
            kept.addAll(writers.subList(0, Math.max(1, (int) Math.round(writers.size() * share))));
        }
        return new WriterSplit(train.stream().filter(kept::contains).toList(), validation, test);
    }

    /**
     * The writers a run reads: its training and validation writers, and its test writers if asked.
     */
    public Set<String> read(boolean withTest) {
        Set<String> read = new TreeSet<>(train);
        read.addAll(validation);
        if (withTest) {
            read.addAll(test);
        }
        return read;
    }

    private static WriterSplit ofOneCorpus(
            SignatureDataset dataset, double validationShare, double testShare, long seed) {
        Random random = new Random(seed);
        Set<String> partitions = dataset.partitions();
        if (partitions.contains("train") && partitions.contains("test")) {
            List<String> test = dataset.partition("test").writers();
            List<String> rest = new ArrayList<>(dataset.partition("train").writers());
            // A writer listed in both partitions would leak into the test: keep it in test only.
            rest.removeAll(test);
            Collections.shuffle(rest, random);
            int validation = count(rest.size(), validationShare / (1 - testShare));
            return new WriterSplit(
                    rest.subList(validation, rest.size()), rest.subList(0, validation), test);
        }
        List<String> writers = new ArrayList<>(dataset.writers());
        Collections.shuffle(writers, random);
        int test = count(writers.size(), testShare);
        int validation = count(writers.size(), validationShare);
        if (writers.size() - test - validation < 1) {
            throw new IllegalArgumentException(
                    "too few writers ("
                            + writers.size()
                            + ") for train, validation and test splits");
        }
        return new WriterSplit(
                writers.subList(test + validation, writers.size()),
                writers.subList(test, test + validation),
                writers.subList(0, test));
    }

    private static int count(int writers, double share) {
        if (share <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.round(writers * share));
    }

    /** The images of the writers in one split, in the split's order. */
    public static List<WriterImages> select(List<WriterImages> all, List<String> writers) {
        List<WriterImages> selected = new ArrayList<>();
        for (String writer : writers) {
            all.stream()
                    .filter(w -> w.writer().equals(writer))
                    .findFirst()
                    .ifPresent(selected::add);
        }
        return selected;
    }
}
