package io.countersign.trainer.cli;

import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.WriterSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one training run split one corpus into train, validation and test writers: the name it read
 * the corpus under (which seeds the corpus's split, {@code WriterSplit}), its seed and its shares.
 * Two runs hold out the same writers of a corpus exactly when these are equal, whatever other
 * corpora each read beside it.
 *
 * @param corpus the name the run gave the corpus ("" when it read that corpus alone)
 * @param seed the run's split seed, as its card records it
 * @param validationShare the run's validation share, as recorded
 * @param testShare the run's test share, as recorded
 */
record CorpusSplit(String corpus, long seed, double validationShare, double testShare) {

    /**
     * How the run whose card records {@code training} split {@code spec}: empty if it did not read
     * that corpus from that folder (its card's {@code dataset} names the specs it read, joined by "
     * + "; the trainer's defaults stand in for a share or seed the card lacks).
     */
    static Optional<CorpusSplit> of(String spec, Map<String, Object> training) {
        List<String> specs = trainedSpecs(training);
        int index = indexOf(spec, specs);
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of(named(DatasetSpec.corpusNames(specs).get(index), training));
    }

    /**
     * The split a run with this training record draws of a corpus read under {@code corpus}: its
     * seed and shares (the trainer's defaults where the card lacks them).
     */
    static CorpusSplit named(String corpus, Map<String, Object> training) {
        return new CorpusSplit(
                corpus,
                (long) EvaluationData.number(training, "seed", 42),
                EvaluationData.number(training, "validationShare", 0.15),
                EvaluationData.number(training, "testShare", 0.2));
    }

    /** The writers this split draws of {@code data} (read under this split's corpus name). */
    WriterSplit draw(SignatureDataset data) {
        return WriterSplit.of(data, validationShare, testShare, seed);
    }

    /**
     * How every run behind a card split {@code spec}: the card's own record and, for an ensemble,
     * each member's (members of members too), for those that read it.
     */
    static List<CorpusSplit> allOf(String spec, Map<String, Object> training) {
        List<CorpusSplit> splits = new ArrayList<>();
        of(spec, training).ifPresent(splits::add);
        if (training.get("ensemble") instanceof List<?> members) {
            for (Object member : members) {
                if (member instanceof Map<?, ?> described
                        && described.get("training") instanceof Map<?, ?> theirs) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = (Map<String, Object>) theirs;
                    splits.addAll(allOf(spec, record));
                }
            }
        }
        return splits;
    }

    /** The specs a run read, from its card's {@code dataset}; none if unrecorded. */
    static List<String> trainedSpecs(Map<String, Object> training) {
        Object description = training.get("dataset");
        return description == null
                ? List.of()
                : List.of(String.valueOf(description).split(" \\+ "));
    }

    /** Which of {@code specs} names the same corpus and folder as {@code spec}; -1 if none. */
    private static int indexOf(String spec, List<String> specs) {
        for (int j = 0; j < specs.size(); j++) {
            if (sameFolders(spec.trim(), specs.get(j).trim())) {
                return j;
            }
        }
        return -1;
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
