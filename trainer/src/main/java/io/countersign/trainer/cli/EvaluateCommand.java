package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.EvaluationPairs;
import io.countersign.trainer.data.ScanChannel;
import io.countersign.trainer.data.TensorViews;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.ErrorRates;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.evaluation.ProtocolScores;
import io.countersign.trainer.evaluation.ProtocolTrials;
import io.countersign.trainer.evaluation.ToneViews;
import io.countersign.trainer.evaluation.VerificationMetrics;
import io.countersign.trainer.evaluation.WriterBootstrap;
import io.countersign.trainer.evaluation.WriterEmbeddings;
import io.countersign.trainer.export.CardMapping;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countersign evaluate}: measures a model directory (card + ONNX) on any dataset through
 * ONNX Runtime and core's preprocessing, the same path the service takes: under the service
 * protocol with the card's scoring rule first, on isolated pairs second.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a model directory on a dataset through ONNX Runtime and print a table.")
final class EvaluateCommand implements Callable<Integer> {

    /** Spreads this many times apart, either way, are another scale (as the service's alert). */
    private static final double OTHER_SCALE_ABOVE = 1.25;

    @Option(
            names = "--model",
            required = true,
            description = "model directory (model.onnx + model-card.json)")
    Path model;

    @Option(
            names = "--dataset",
            required = true,
            description =
                    "synthetic[:...] | sign_data:DIR | bhsig260:DIR | cedar:DIR | gpds:DIR |"
                            + " mcyt:DIR | folders:DIR; repeat it for several corpora (in the order"
                            + " training had them)")
    List<String> dataset;

    @Option(
            names = "--split",
            defaultValue = "",
            description =
                    "only the train, validation or test writers of the model's own training run,"
                            + " redrawn from its card's seed (default: all writers)")
    String split;

    @Option(
            names = "--partition",
            defaultValue = "",
            description = "only this predefined partition, e.g. test (default: all)")
    String partition;

    @Option(
            names = "--max-writers",
            defaultValue = "0",
            description =
                    "at most this many writers, picked at random with --seed, each with all their"
                            + " signatures: for a corpus too large to hold at once (default: 0,"
                            + " every writer)")
    int maxWriters;

    @Option(
            names = "--pairs-per-writer",
            defaultValue = "40",
            description = "pairs of each kind per writer (default: ${DEFAULT-VALUE})")
    int pairsPerWriter;

    @Option(
            names = "--references",
            defaultValue = "5",
            description =
                    "genuine references each writer enrols in the service protocol (default:"
                            + " ${DEFAULT-VALUE})")
    int references;

    @Option(
            names = "--seed",
            description =
                    "seed of the pair and enrolment draws (default: 7; the enrolment draws of"
                            + " --split validation default to the ones train and calibrate fit the"
                            + " card's rule on, so that --draws 5 prints their table)")
    Long seed;

    /** Pairs and test draws as always (seed 7), unless asked otherwise. */
    static final long DEFAULT_SEED = 7;

    @Option(
            names = "--draws",
            defaultValue = "1",
            description =
                    "enrolment draws pooled in the service protocol (each writer enrols once per"
                            + " draw; default: ${DEFAULT-VALUE})")
    int draws;

    @Option(
            names = "--channel",
            defaultValue = "none",
            description =
                    "send every image through a scan channel before preprocessing, to measure"
                            + " scans unlike the training corpora: jpeg:QUALITY, scale:FACTOR (a"
                            + " lower resolution, or above 1 a finer one), bitonal[:LEVEL] (black and white, as cheque image"
                            + " exchange), line[:HEIGHT] (a printed signature line across the image,"
                            + " HEIGHT of the way down the ink), dashes[:HEIGHT] (the same line"
                            + " dashed), thicken:PIXELS (a broader pen), rotate:DEGREES (a page"
                            + " scanned askew, anticlockwise), box[:PADDING] (a form's printed"
                            + " frame), tint[:DEPTH] (a cheque's security print, grey),"
                            + " cheque[:DEPTH] (the same in colour, blue ink on a green print),"
                            + " negative (light strokes on dark paper, as microfilm stores them),"
                            + " comma-separated, in order (default: ${DEFAULT-VALUE})")
    String channel;

    @Option(
            names = "--enrol-clean",
            description =
                    "with --channel, enrol the references from the images as they are and send"
                            + " only the questioned ones through the channel (a customer enrolled"
                            + " on a good scanner, questioned through image exchange)")
    boolean enrolClean;

    @Option(
            names = "--question-clean",
            description =
                    "with --channel, enrol the references through the channel and question with the"
                            + " images as they are (a customer enrolled from an archive of cheque"
                            + " images, questioned with new scans)")
    boolean questionClean;

    @Option(
            names = "--baseline",
            description =
                    "a second model directory scored on the same writers and enrolment draws: prints"
                            + " the difference of the skilled EER (model - baseline) with a paired"
                            + " writer-bootstrap interval, pooled and per corpus; with --split, on"
                            + " the writers both models' runs held out")
    Path baseline;

    @Override
    public Integer call() throws Exception {
        ModelDirectory directory = ModelDirectory.open(model);
        if (references < 1) {
            throw new IllegalArgumentException("--references must be at least 1");
        }
        ModelCard card = directory.card();
        ScanChannel scans = ScanChannel.parse(channel);
        if ((enrolClean || questionClean) && scans.isNone()) {
            throw new IllegalArgumentException(
                    (enrolClean ? "--enrol-clean" : "--question-clean")
                            + " needs a --channel for the other side, e.g. --channel bitonal");
        }
        if (enrolClean && questionClean) {
            throw new IllegalArgumentException(
                    "--enrol-clean and --question-clean exclude each other: one side goes through"
                            + " the channel, the other not");
        }
        // Paired with a baseline, only writers both runs held out: one trained on other corpora
        // split them its own way.
        SignatureDataset selected =
                baseline == null
                        ? EvaluationData.select(dataset, partition, split, card)
                        : EvaluationData.heldOutOfBoth(
                                dataset,
                                partition,
                                split,
                                card,
                                ModelDirectory.open(baseline).card());
        SignatureDataset data = EvaluationData.atMost(selected, maxWriters, pairSeed());
        if (data != selected) {
            System.err.printf(
                    Locale.ROOT,
                    "%d of %d writers, picked at random (seed %d)%n",
                    data.writers().size(),
                    selected.writers().size(),
                    pairSeed());
        }
        TensorViews tensors = new TensorViews(card.broaderPen());
        List<WriterImages> images = directory.images(data, scans, tensors);
        EvaluationPairs pairs = new EvaluationPairs(images, pairsPerWriter, pairSeed());
        long start = System.nanoTime();
        float[][] embeddings = directory.embed(pairs.images());
        double seconds = (System.nanoTime() - start) / 1e9;
        ToneViews views = directory.toneViews(pairs.images(), embeddings, tensors);
        String title =
                card.version()
                        + " on "
                        + data.description()
                        + (scans.isNone() ? "" : " through channel " + scans);
        ProtocolScores scores =
                protocol(
                        title
                                + (enrolClean ? ", references enrolled without it" : "")
                                + (questionClean ? ", questioned without it" : ""),
                        card.scoringRule(),
                        card.reviewBand(card.thresholds().eer()),
                        trials(directory, data, pairs.writers(embeddings), views, drawSeed(card)));
        System.out.println();
        pairs(title, card, pairs.distances(embeddings));
        System.out.printf(
                Locale.ROOT,
                "%d images embedded in %.1f s (%.1f images/s) with ONNX Runtime%n",
                pairs.images().size(),
                seconds,
                pairs.images().size() / seconds);
        if (baseline != null) {
            System.out.println();
            compare(card, scores, data, scans, drawSeed(card));
        }
        return 0;
    }

    /**
     * Scores the baseline on the writers, images and enrolment draws the model was scored on (each
     * model with its own preprocessing and rule) and prints the paired difference.
     */
    private void compare(
            ModelCard card,
            ProtocolScores scores,
            SignatureDataset data,
            ScanChannel scans,
            long drawSeed)
            throws InterruptedException {
        ModelDirectory other = ModelDirectory.open(baseline);
        TensorViews tensors = new TensorViews(other.card().broaderPen());
        EvaluationPairs pairs =
                new EvaluationPairs(other.images(data, scans, tensors), pairsPerWriter, pairSeed());
        float[][] embeddings = other.embed(pairs.images());
        ProtocolScores baselineScores =
                trials(
                                other,
                                data,
                                pairs.writers(embeddings),
                                other.toneViews(pairs.images(), embeddings, tensors),
                                drawSeed)
                        .score(other.card().scoringRule());
        Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        groups.put(ProtocolMetrics.POOLED, difference(scores, baselineScores));
        Map<String, ProtocolScores> corpora = scores.byCorpus();
        Map<String, ProtocolScores> baselineCorpora = baselineScores.byCorpus();
        if (corpora.size() > 1) {
            corpora.forEach(
                    (corpus, part) ->
                            groups.put(
                                    corpus.isEmpty() ? "unqualified" : corpus,
                                    difference(part, baselineCorpora.get(corpus))));
        }
        System.out.println(
                Tables.groups(
                        String.format(
                                Locale.ROOT,
                                "%s against %s, same writers and draws: skilled EER, paired"
                                        + " writer bootstrap (%d resamples)",
                                card.version(),
                                other.card().version(),
                                WriterBootstrap.RESAMPLES),
                        groups,
                        List.copyOf(groups.get(ProtocolMetrics.POOLED).keySet())));
    }

    private static Map<String, Double> difference(ProtocolScores model, ProtocolScores baseline) {
        WriterBootstrap.Difference d = WriterBootstrap.skilledEerDifference(model, baseline);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eer_skilled", d.model());
        m.put("eer_skilled_baseline", d.baseline());
        m.put("difference", d.difference());
        m.put("difference_ci_low", d.low());
        m.put("difference_ci_high", d.high());
        m.put("resamples_model_better", d.shareBetter());
        return m;
    }

    /**
     * The protocol's trials on a model's embeddings, scored like with like with their tone views;
     * with {@code --enrol-clean}, drawn on the embeddings of the images as they are and questioned
     * with {@code writers}', those of the images through the channel; with {@code --question-clean}
     * the other way round. Both sides are drawn with the same seed on the same signatures, so the
     * draws are the ones without the channel.
     */
    private ProtocolTrials trials(
            ModelDirectory dir,
            SignatureDataset data,
            List<WriterEmbeddings> writers,
            ToneViews views,
            long drawSeed)
            throws InterruptedException {
        if (!enrolClean && !questionClean) {
            return trials(writers, drawSeed).withViews(views);
        }
        TensorViews tensors = new TensorViews(dir.card().broaderPen());
        EvaluationPairs clean =
                new EvaluationPairs(
                        dir.images(data, ScanChannel.NONE, tensors), pairsPerWriter, pairSeed());
        float[][] embeddings = dir.embed(clean.images());
        List<WriterEmbeddings> cleanWriters = clean.writers(embeddings);
        ToneViews cleanViews = dir.toneViews(clean.images(), embeddings, tensors);
        if (questionClean) {
            reportUnreadable(writers, cleanWriters, "as they are");
            return trials(writers, drawSeed)
                    .questionedThrough(writers, cleanWriters)
                    .withViews(views.and(cleanViews));
        }
        reportUnreadable(cleanWriters, writers, "through the channel");
        return trials(cleanWriters, drawSeed)
                .questionedThrough(cleanWriters, writers)
                .withViews(cleanViews.and(views));
    }

    /**
     * Says how many signatures the questioned side could not read, and so left out of the trials:
     * the service refuses each such request with a reason, a genuine one a refusal the EER and FRR
     * below do not count.
     */
    private static void reportUnreadable(
            List<WriterEmbeddings> drawnOn, List<WriterEmbeddings> questioned, String how) {
        int[] unreadable = ProtocolTrials.unreadableThrough(drawnOn, questioned);
        if (unreadable[0] + unreadable[1] > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "left out of the questioned signatures, unreadable %s: %d genuine, %d"
                            + " forgeries (the service refuses them with a reason; not in the"
                            + " rates below)%n",
                    how,
                    unreadable[0],
                    unreadable[1]);
        }
    }

    private ProtocolTrials trials(List<WriterEmbeddings> writers, long drawSeed) {
        return ProtocolTrials.draws(
                writers, references, ProtocolTrials.DEFAULT_RANDOM_WRITERS, drawSeed, draws);
    }

    /** The seed of the isolated pairs (and of the random forgeries' order within them). */
    private long pairSeed() {
        return seed != null ? seed : DEFAULT_SEED;
    }

    /**
     * The seed of the first enrolment draw: the one asked for; for the validation writers of the
     * model's own run, the first of the draws its rule was fitted on ({@link
     * CalibrateCommand#fitOnValidation}), so that evaluate and calibrate read the same; else 7.
     */
    private long drawSeed(ModelCard card) {
        if (seed != null) {
            return seed;
        }
        if (split.trim().equalsIgnoreCase("validation")) {
            return CalibrateCommand.fitDrawSeed(card);
        }
        return DEFAULT_SEED;
    }

    /** The headline: the service's own decision rule on enrolled writers; returns the scores. */
    private ProtocolScores protocol(
            String title, ScoringRule rule, Optional<ReviewBand> band, ProtocolTrials trials) {
        if (trials.enrolments().isEmpty()) {
            throw new IllegalArgumentException(
                    "no writer has more than "
                            + references
                            + " genuine signatures to enrol and question: lower --references");
        }
        ProtocolScores scores = trials.score(rule);
        System.out.println(
                Tables.groups(
                        String.format(
                                        Locale.ROOT,
                                        "%s, service protocol: %d references (%d draws), %s distance,"
                                                + " normalisation %s, threshold %.4f (card)",
                                        title,
                                        references,
                                        draws,
                                        rule.aggregation().id(),
                                        rule.normalizationLabel(),
                                        rule.threshold())
                                + band.map(
                                                b ->
                                                        String.format(
                                                                Locale.ROOT,
                                                                ", review band (%.4f, %.4f]",
                                                                b.genuineAtMost(),
                                                                b.forgedAbove()))
                                        .orElse(""),
                        ProtocolMetrics.groups(scores, rule, band)));
        DistanceSet all = scores.pooled();
        if (all.genuine().length > 0 && all.thresholdForgeries().length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "protocol EER threshold on this data: %.4f%n",
                    ErrorRates.eer(all.genuine(), all.thresholdForgeries()).threshold());
        }
        if (rule.normalization().usesSpread()) {
            printScale(trials.typicalSpread(), rule.typicalSpread());
        }
        return scores;
    }

    /**
     * How these writers' references spread against the card's typical spread, with the way to adapt
     * the card where they are as far apart as the service's alert ({@code
     * CountersignReferencesOffTheCardsScale}) takes for another scale.
     */
    private static void printScale(double theirs, double cards) {
        double ratio = theirs / cards;
        System.out.printf(
                Locale.ROOT,
                "these writers' references spread %.4f, %.2f times the card's typical spread"
                        + " %.4f%s%n",
                theirs,
                ratio,
                cards,
                ratio > OTHER_SCALE_ABOVE || ratio < 1 / OTHER_SCALE_ABOVE
                        ? ": another scale than the writers the card was fitted on, where its"
                                + " threshold errs to one side; calibrate --rule spread adapts the"
                                + " card from genuine signatures alone (docs/training.md)"
                        : "");
    }

    /** Isolated pairs, as before the protocol: comparable with older runs. */
    private static void pairs(String title, ModelCard card, DistanceSet distances) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (card.scoringRule().normalization() == Normalization.NONE) {
            metrics.put("threshold (card)", card.thresholds().eer());
            metrics.putAll(
                    VerificationMetrics.measure(distances, CardMapping.operatingPoint(card)));
        } else {
            // A normalised threshold has no meaning for a single pair's distance.
            metrics.putAll(VerificationMetrics.separation(distances));
        }
        System.out.println(Tables.metrics(title + ", isolated pairs", metrics));
        if (distances.genuine().length > 0 && distances.thresholdForgeries().length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "pair EER threshold on this data: %.4f%n",
                    ErrorRates.eer(distances.genuine(), distances.thresholdForgeries())
                            .threshold());
        }
    }
}
