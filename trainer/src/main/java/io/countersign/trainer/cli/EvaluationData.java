package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.WriterId;
import io.countersign.trainer.data.WriterSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

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
            Set<String> kept = new HashSet<>(chosen);
            if (!split.equals("train")) {
                // An ensemble's networks may have split a corpus otherwise than its card (one
                // adapted to a bank's writers, one trained on other corpora or another seed):
                // only the writers every one of them held out are this split's.
                kept.removeAll(fittedBy(specs, splitsAsRead(specs, card), split, card));
                if (kept.isEmpty()) {
                    throw new IllegalArgumentException(
                            "every "
                                    + split
                                    + " writer of "
                                    + card.version()
                                    + " trained a network of it that split the corpora otherwise:"
                                    + " measure with --partition or on a corpus none of its"
                                    + " networks read");
                }
                if (kept.size() < chosen.size()) {
                    System.err.printf(
                            Locale.ROOT,
                            "%d of the %d %s writers of %s's card were held out of every network"
                                    + " of it: measured on those only (a network of it split a"
                                    + " corpus otherwise and %s the others)%n",
                            kept.size(),
                            chosen.size(),
                            split,
                            card.version(),
                            split.equals("test") ? "trained or chose on" : "trained on");
                }
            }
            data = data.ofWriters(kept);
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
     * How {@code select} splits each spec for this card: under the name the card's run gave the
     * corpus (a fresh one if it never read it), with the card's seed and shares.
     */
    static List<CorpusSplit> splitsAsRead(List<String> specs, ModelCard card) {
        return namesAsTrained(specs, card).stream()
                .map(name -> CorpusSplit.named(name, card.training()))
                .toList();
    }

    /**
     * The writers of {@code specs} (ids as read by {@code asRead}, the splits that chose the
     * measured writers) that some network behind {@code card} trained on, each by its own split of
     * each corpus it read (inside ensemble members too), and for {@code --split test} also those it
     * chose its epoch or rule on. A network that split a corpus as {@code asRead} did held none of
     * the chosen writers in training, so its corpus is not redrawn.
     */
    private static Set<String> fittedBy(
            List<String> specs, List<CorpusSplit> asRead, String split, ModelCard card) {
        Set<String> fitted = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i);
            String name = asRead.get(i).corpus();
            Set<CorpusSplit> others = new LinkedHashSet<>(CorpusSplit.allOf(spec, card.training()));
            others.remove(asRead.get(i));
            for (CorpusSplit network : others) {
                WriterSplit drawn =
                        network.draw(DatasetSpec.loadAs(List.of(spec), List.of(network.corpus())));
                List<String> theirs = new ArrayList<>(drawn.train());
                if (split.equals("test")) {
                    theirs.addAll(drawn.validation());
                }
                for (String writer : theirs) {
                    fitted.add(WriterId.qualify(name, unqualified(writer, network.corpus())));
                }
            }
        }
        return fitted;
    }

    /**
     * The writers {@link #select} picks for the model that the baseline's networks also held out:
     * for {@code --split validation}, none a network of the baseline trained on; for {@code --split
     * test}, none it trained on or chose its epoch and rule on. Each run split a corpus its own way
     * (its seed, its shares, the name it gave the corpus), so a baseline trained on other corpora
     * than the model may have trained on some of the model's held-out writers, and scoring it there
     * would flatter it. A corpus the baseline never trained on keeps all its writers. Without a
     * split (a partition, or all writers) nothing is removed: the caller chose those writers.
     */
    static SignatureDataset heldOutOfBoth(
            List<String> specs,
            String partition,
            String split,
            ModelCard model,
            ModelCard baseline) {
        SignatureDataset data = select(specs, partition, split, model);
        if (split.isEmpty() || split.equals("train")) {
            return data;
        }
        Set<String> kept = new HashSet<>(data.writers());
        kept.removeAll(fittedBy(specs, splitsAsRead(specs, model), split, baseline));
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(
                    "no "
                            + split
                            + " writer of the model's run was held out of the baseline's run as"
                            + " well: the baseline trained on all of them; compare on writers"
                            + " neither run read (--partition or a dataset of their own)");
        }
        if (kept.size() < data.writers().size()) {
            System.err.printf(
                    Locale.ROOT,
                    "%d of the model's %d %s writers were held out of the baseline's run too:"
                            + " both are scored on those only (the baseline's run split the"
                            + " corpora its own way and %s the others)%n",
                    kept.size(),
                    data.writers().size(),
                    split,
                    split.equals("test") ? "trained or chose its rule on" : "trained on");
            return data.ofWriters(kept);
        }
        return data;
    }

    private static String unqualified(String writer, String corpus) {
        return corpus.isEmpty() ? writer : writer.substring(corpus.length() + 1);
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
        List<String> fresh = DatasetSpec.corpusNames(specs);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            names.add(
                    CorpusSplit.of(specs.get(i), card.training())
                            .map(CorpusSplit::corpus)
                            .orElse(fresh.get(i)));
        }
        return names;
    }

    /**
     * The split the training run drew, from the card's seed and shares (the trainer's defaults if
     * absent), of data whose writer ids already carry the corpus names it was read under.
     */
    private static WriterSplit trainingSplit(SignatureDataset data, ModelCard card) {
        // A run that trained on a share of its training writers (train --train-writer-share) read
        // only those: its training split is that share, drawn as the run drew it.
        return CorpusSplit.named("", card.training())
                .draw(data)
                .withTrainShare(
                        number(card.training(), "trainWriterShare", 1),
                        (long) number(card.training(), "seed", 42));
    }

    /** A number the card's training record holds, or {@code fallback}. */
    static double number(Map<String, Object> training, String key, double fallback) {
        Object value = training.get(key);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
