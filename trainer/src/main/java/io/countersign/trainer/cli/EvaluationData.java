package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.WriterSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The writers {@code evaluate} measures: a dataset (one corpus or several), optionally one of its
 * predefined partitions, optionally one split of the model's own training run, redrawn from the
 * seed and shares its card records, so held-out writers of any corpus can be measured without a
 * list of them.
 */
final class EvaluationData {

    private EvaluationData() {}

    static SignatureDataset select(
            List<String> specs, String partition, String split, ModelCard card) {
        // A split is redrawn per corpus, seeded by the corpus's name: read each corpus under the
        // name the training run gave it, or a run trained on two corpora and measured on one
        // would split that one differently and measure writers it trained on.
        SignatureDataset data =
                split.isEmpty()
                        ? DatasetSpec.load(specs)
                        : DatasetSpec.loadAs(specs, namesAsTrained(specs, card));
        if (!split.isEmpty()) {
            WriterSplit writers = trainingSplit(data, card);
            List<String> chosen =
                    switch (split) {
                        case "train" -> writers.train();
                        case "validation" -> writers.validation();
                        case "test" -> writers.test();
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown --split '"
                                                + split
                                                + "': use train, validation or test");
                    };
            data = data.ofWriters(new HashSet<>(chosen));
        }
        if (!partition.isEmpty()) {
            if (!data.partitions().contains(partition)) {
                throw new IllegalArgumentException(
                        "dataset has no partition '"
                                + partition
                                + "'; it has "
                                + data.partitions());
            }
            data = data.partition(partition);
        }
        return data;
    }

    /**
     * At most {@code writers} of the dataset's writers, picked at random with {@code seed} (all of
     * them for 0 or as many): a sample of a corpus too large to hold at once, every writer with all
     * their signatures, so the protocol reads each as it would the whole corpus.
     */
    static SignatureDataset atMost(SignatureDataset data, int writers, long seed) {
        if (writers < 0) {
            throw new IllegalArgumentException("--max-writers must be 0 (all) or more");
        }
        if (writers == 0 || data.writers().size() <= writers) {
            return data;
        }
        List<String> shuffled = new ArrayList<>(data.writers());
        Collections.shuffle(shuffled, new Random(seed));
        return data.ofWriters(new HashSet<>(shuffled.subList(0, writers)));
    }

    /**
     * The corpus name each spec had in the model's training run (its card's {@code dataset}, specs
     * joined by " + "), for a spec the run read; a spec it did not read keeps the name it gets
     * beside the others (none alone): none of its writers trained the model, however it splits.
     */
    static List<String> namesAsTrained(List<String> specs, ModelCard card) {
        Object description = card.training().get("dataset");
        List<String> fresh = DatasetSpec.corpusNames(specs);
        if (description == null) {
            return fresh;
        }
        List<String> trained = List.of(String.valueOf(description).split(" \\+ "));
        List<String> trainedNames = DatasetSpec.corpusNames(trained);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String name = fresh.get(i);
            for (int j = 0; j < trained.size(); j++) {
                if (EnsembleMembers.sameFolders(specs.get(i).trim(), trained.get(j).trim())) {
                    name = trainedNames.get(j);
                    break;
                }
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The split the training run drew, from the card's seed and shares (the trainer's defaults if
     * absent).
     */
    private static WriterSplit trainingSplit(SignatureDataset data, ModelCard card) {
        Map<String, Object> training = card.training();
        return WriterSplit.of(
                data,
                number(training, "validationShare", 0.15),
                number(training, "testShare", 0.2),
                (long) number(training, "seed", 42));
    }

    /** A number the card's training record holds, or {@code fallback}. */
    static double number(Map<String, Object> training, String key, double fallback) {
        Object value = training.get(key);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
