package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.EvaluationPairs;
import io.countersign.trainer.data.ScanChannel;
import io.countersign.trainer.data.TensorViews;
import io.countersign.trainer.data.WriterHalves;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.BandEdges;
import io.countersign.trainer.evaluation.CalibrationTarget;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.evaluation.ProtocolTrials;
import io.countersign.trainer.evaluation.ThresholdRule;
import io.countersign.trainer.evaluation.ToneViews;
import io.countersign.trainer.evaluation.WriterEmbeddings;
import io.countersign.trainer.export.CardMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code countersign calibrate}: fits a trained model's scoring rule again (aggregation,
 * normalisation, calibration, even-odds threshold) through ONNX Runtime, without retraining: on the
 * validation writers of its own training run, for a change of how rules are fitted or of the
 * forgeries they are fitted against; or on the writers of a corpus it never saw ({@code --writers
 * all|half}), a bank's own. The test writers are not touched: their metrics in the card were
 * measured under the old rule, so they are removed (unless the refit is the card's own rule to the
 * last bit, as when a card gains a review band), and {@code evaluate} measures the new one.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description =
                "Refit a model's scoring rule, on the validation writers of its own training run"
                        + " or on a corpus it never saw (--writers), and write its card again (no"
                        + " retraining; test writers untouched).")
final class CalibrateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            description = "model directory (model.onnx + model-card.json)")
    Path model;

    @Option(
            names = "--dataset",
            required = true,
            description = "the dataset(s) the model was trained on, in the order training had them")
    List<String> dataset;

    @Mixin ScoringFitOptions scoringFit = new ScoringFitOptions();

    @Mixin PenViewOption penView = new PenViewOption();

    @Mixin OrientationOption orientation = new OrientationOption();

    @Option(
            names = "--out",
            description = "model directory to write (default: the model's own, in place)")
    Path out;

    @Option(
            names = "--writers",
            defaultValue = VALIDATION,
            description =
                    "the writers the rule is fitted on: validation (those of the model's own"
                            + " training run, from its card's seed) | all (every writer of the"
                            + " dataset given: a corpus the model never trained on, such as a"
                            + " bank's own labelled signatures; measure the result on other writers"
                            + " with evaluate) | half (fit on a seeded half of every corpus's"
                            + " writers and measure on the other half, before and after: what"
                            + " refitting on a corpus buys, in one command; the card written is"
                            + " the half's) (default: ${DEFAULT-VALUE})")
    String writers;

    @Option(
            names = "--rule",
            description =
                    "best (the candidate rule with the lowest EER on the writers fitted on: its"
                            + " aggregation and normalisation) | card (keep the card's, fit only"
                            + " the typical spread, threshold and calibration: for a few writers"
                            + " of a new corpus, whose noise a choice among rules would fit) |"
                            + " band (keep the card's rule whole, threshold and calibration too,"
                            + " and fit only its review band: the decisions stay as validated,"
                            + " only what is referred is set; --threshold-at and"
                            + " --calibrate-against do not apply) | spread (keep threshold,"
                            + " calibration and band, and measure only the typical spread on"
                            + " these writers' references: no forgery or label needed, only"
                            + " writers with more genuine signatures than the card's references;"
                            + " for a corpus whose distances run on another scale, with"
                            + " --writers all or half) (default: best on validation writers, card"
                            + " with --writers all)")
    String rule;

    static final String VALIDATION = "validation";

    static final String ALL = "all";

    static final String HALF = "half";

    private static final String SPREAD = "spread";

    /** The writers a fit was made on, as its tables and the report say. */
    private static final String VALIDATION_WRITERS = "validation writers";

    private static final String ALL_WRITERS = "every writer of the dataset";

    private static final String FITTED_HALF = "the fitted half of the dataset's writers";

    /** What the other half measured under the rule fitted on the first, for the card. */
    private Map<String, Double> otherHalf = Map.of();

    @Override
    public Integer call() throws Exception {
        ModelDirectory opened = ModelDirectory.open(model);
        ModelCard card = orientation.applyTo(opened.card());
        ModelDirectory directory = new ModelDirectory(opened.dir(), card);
        boolean unseen = fitOnUnseen(card);
        ScoringRule kept = keepsRule(unseen) ? card.scoringRule() : null;
        ProtocolFit.Refit refit = refit(unseen);
        ProtocolFit fit =
                writers.equals(HALF)
                        ? fitOnHalf(directory, penView.orCard(card), kept, refit)
                        : fit(
                                directory,
                                dataset,
                                unseen ? "" : VALIDATION,
                                scoringFit,
                                penView.orCard(card),
                                kept,
                                refit);
        Path to = out != null ? out : model;
        Files.createDirectories(to);
        boolean inPlace =
                to.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize());
        if (!inPlace) {
            Files.copy(
                    directory.onnx(),
                    to.resolve("model.onnx"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        ModelCard recalibrated =
                CardMapping.recalibrated(
                        card,
                        fit,
                        describe(card, fit),
                        unseen ? ProtocolFit.CALIBRATION_METRICS : ProtocolFit.VALIDATION_METRICS);
        recalibrated.write(to.resolve(ModelCard.FILE_NAME));
        noteInReport(to.resolve("report.md"), card, fit, fittedOn());
        System.out.printf(Locale.ROOT, "card written to %s%n", to.resolve(ModelCard.FILE_NAME));
        // export --checkpoint DIR/checkpoint writes the checkpoint's card: keep it the same, or an
        // export would bring the old rule back.
        Path checkpointCard = model.resolve("checkpoint").resolve(ModelCard.FILE_NAME);
        if (inPlace && Files.isRegularFile(checkpointCard)) {
            recalibrated.write(checkpointCard);
            System.out.printf(Locale.ROOT, "and to %s (what export reads)%n", checkpointCard);
        }
        return 0;
    }

    /**
     * Whether the card's aggregation and normalisation are kept ({@code --rule card}, or {@code
     * band}, which keeps the rest of it too).
     */
    private boolean keepsRule(boolean unseen) {
        if (rule == null) {
            return unseen;
        }
        if (!List.of("best", "card", "band", SPREAD).contains(rule)) {
            throw new IllegalArgumentException(
                    "unknown --rule '" + rule + "': use best, card, band or spread");
        }
        return !rule.equals("best");
    }

    /** Whether the card's rule is kept whole and only its band fitted ({@code --rule band}). */
    private boolean keepsWholeRule() {
        return "band".equals(rule);
    }

    /**
     * What {@code --rule} fits of the card's rule; refuses {@code spread} on the validation
     * writers, whose references measured the card's typical spread in the first place.
     */
    private ProtocolFit.Refit refit(boolean unseen) {
        if (keepsWholeRule()) {
            return ProtocolFit.Refit.BAND;
        }
        if (SPREAD.equals(rule)) {
            if (!unseen) {
                throw new IllegalArgumentException(
                        "--rule spread measures the typical spread of a corpus the model never"
                                + " saw: add --writers all (or half, to see what it changes on the"
                                + " other half)");
            }
            return ProtocolFit.Refit.SPREAD;
        }
        return ProtocolFit.Refit.RULE;
    }

    /**
     * Whether {@code --writers} asks for the writers of a corpus the model never saw (all of them,
     * or half); refuses a value it does not know, and the corpora the model was trained on (their
     * writers include its training writers, on whom a network's distances are tighter than on
     * anyone else's).
     */
    private boolean fitOnUnseen(ModelCard card) {
        if (!List.of(VALIDATION, ALL, HALF).contains(writers)) {
            throw new IllegalArgumentException(
                    "unknown --writers '" + writers + "': use validation, all or half");
        }
        if (!writers.equals(VALIDATION)) {
            for (String spec : dataset) {
                if (TrainingCorpora.of(card).contain(spec)) {
                    throw new IllegalArgumentException(
                            spec
                                    + " holds writers the model was trained on: --writers "
                                    + writers
                                    + " would fit its rule on them; fit on a corpus it never"
                                    + " saw, or leave --writers at validation");
                }
            }
        }
        return !writers.equals(VALIDATION);
    }

    /** The writers the fit was made on, as the tables and the report name them. */
    private String fittedOn() {
        return switch (writers) {
            case ALL -> ALL_WRITERS;
            case HALF -> FITTED_HALF;
            default -> VALIDATION_WRITERS;
        };
    }

    /**
     * Fits a model directory's scoring rule on the validation writers of its card's training split,
     * with the draws training makes on them, and prints the candidates and the chosen rule.
     */
    static ProtocolFit fitOnValidation(
            ModelDirectory directory,
            List<String> dataset,
            ScoringFitOptions options,
            int broaderPen)
            throws InterruptedException {
        return fit(
                directory, dataset, VALIDATION, options, broaderPen, null, ProtocolFit.Refit.RULE);
    }

    /**
     * The same on the writers of {@code split} ({@link EvaluationData#select}: "" for every writer
     * of the dataset), keeping {@code kept}'s aggregation and normalisation where it is not null,
     * and fitting of the card's rule what {@code refit} says.
     */
    private static ProtocolFit fit(
            ModelDirectory directory,
            List<String> dataset,
            String split,
            ScoringFitOptions options,
            int broaderPen,
            ScoringRule kept,
            ProtocolFit.Refit refit)
            throws InterruptedException {
        ModelCard card = directory.card();
        Embedded embedded =
                Embedded.of(directory, EvaluationData.select(dataset, "", split, card), broaderPen);
        ProtocolFit fit =
                fit(
                        card,
                        embedded.trials(embedded.writers(), fitDrawSeed(card)),
                        options,
                        kept,
                        refit);
        System.out.println(describeFit(fit, split.isEmpty() ? ALL_WRITERS : VALIDATION_WRITERS));
        return fit;
    }

    /**
     * Fits on a seeded half of the dataset's writers ({@link WriterHalves}), then scores the other
     * half under the card as it came and under the rule just fitted, and prints both: the figure a
     * bank needs before it trusts a threshold fitted on its own signatures.
     */
    private ProtocolFit fitOnHalf(
            ModelDirectory directory, int broaderPen, ScoringRule kept, ProtocolFit.Refit refit)
            throws InterruptedException {
        ModelCard card = directory.card();
        Embedded embedded =
                Embedded.of(directory, EvaluationData.select(dataset, "", "", card), broaderPen);
        WriterHalves halves =
                WriterHalves.of(
                        embedded.writers().stream().map(WriterEmbeddings::writer).toList(),
                        fitDrawSeed(card));
        ProtocolFit fit =
                fit(
                        card,
                        embedded.trials(embedded.only(halves.fitted()), fitDrawSeed(card)),
                        scoringFit,
                        kept,
                        refit);
        System.out.println(
                describeFit(fit, FITTED_HALF + " (" + halves.fitted().size() + " writers)"));
        // Other draws than the fit's, as evaluate's are: the measured half's figures then carry
        // no luck of the fitted half's enrolments.
        ProtocolTrials other =
                embedded.trials(embedded.only(halves.measured()), EvaluateCommand.DEFAULT_SEED);
        ScoringRule before = card.scoringRule();
        Map<String, Map<String, Double>> came =
                ProtocolMetrics.groups(
                        other.score(before), before, card.reviewBand(before.threshold()));
        Map<String, Map<String, Double>> after =
                ProtocolMetrics.groups(
                        other.score(fit.rule()), fit.rule(), Optional.of(fit.reviewBand()));
        // A rule whose threshold stayed was adapted, not refitted: the table says which.
        boolean adapted = refit == ProtocolFit.Refit.SPREAD;
        Map<String, Map<String, Double>> sideBySide = new LinkedHashMap<>();
        for (String group : came.keySet()) {
            String prefix = group.equals(ProtocolMetrics.POOLED) ? "" : group + ", ";
            sideBySide.put(prefix + "as it came", came.get(group));
            sideBySide.put(prefix + (adapted ? "adapted" : "refitted"), after.get(group));
        }
        System.out.println();
        System.out.println(
                Tables.groups(
                        String.format(
                                Locale.ROOT,
                                "the other half (%d writers, not fitted on, %d draws) under the"
                                        + " card as it came (threshold %.4f) and "
                                        + (adapted
                                                ? "adapted to the first half's references"
                                                        + " (typical spread %.4f, threshold"
                                                        + " kept: the card written)"
                                                : "refitted on the first half (threshold %.4f:"
                                                        + " the card written)"),
                                halves.measured().size(),
                                ProtocolTrials.FIT_DRAWS,
                                before.threshold(),
                                adapted ? fit.rule().typicalSpread() : fit.rule().threshold()),
                        sideBySide));
        otherHalf = after.get(ProtocolMetrics.POOLED);
        return fit;
    }

    private static int referencesOf(ModelCard card) {
        return card.scoringFit().references() != null ? card.scoringFit().references() : 5;
    }

    /**
     * A dataset's writers embedded once, with the tone views their trials need: both halves of
     * {@code --writers half} are drawn from one embedding run.
     */
    private record Embedded(List<WriterEmbeddings> writers, ToneViews views, int references) {

        static Embedded of(ModelDirectory directory, SignatureDataset data, int broaderPen)
                throws InterruptedException {
            ModelCard card = directory.card();
            long seed = (long) EvaluationData.number(card.training(), "seed", 42);
            TensorViews tensors = new TensorViews(broaderPen);
            List<WriterImages> images = directory.images(data, ScanChannel.NONE, tensors);
            EvaluationPairs pairs = new EvaluationPairs(images, 1, seed);
            float[][] embeddings = directory.embed(pairs.images());
            return new Embedded(
                    pairs.writers(embeddings),
                    directory.toneViews(pairs.images(), embeddings, tensors),
                    referencesOf(card));
        }

        List<WriterEmbeddings> only(List<String> names) {
            Set<String> kept = new HashSet<>(names);
            return writers.stream().filter(w -> kept.contains(w.writer())).toList();
        }

        /** The fit's enrolment draws on {@code of}, from {@code seed}. */
        ProtocolTrials trials(List<WriterEmbeddings> of, long seed) {
            return ProtocolTrials.draws(
                            of,
                            references,
                            ProtocolTrials.DEFAULT_RANDOM_WRITERS,
                            seed,
                            ProtocolTrials.FIT_DRAWS)
                    .withViews(views);
        }
    }

    /** The first of the enrolment draws training makes on its validation writers (seed + 3 on). */
    static long fitDrawSeed(ModelCard card) {
        return (long) EvaluationData.number(card.training(), "seed", 42) + 3;
    }

    /** Fits of {@code card}'s rule what {@code refit} says, on {@code trials}. */
    private static ProtocolFit fit(
            ModelCard card,
            ProtocolTrials trials,
            ScoringFitOptions options,
            ScoringRule kept,
            ProtocolFit.Refit refit) {
        double targetFar = options.targetFar(card.thresholds().targetFar());
        BandEdges bandEdges = options.bandEdges(BandEdges.of(card));
        Object target = card.training().get("calibratedAgainst");
        Object thresholdAt = card.training().get("thresholdAt");
        if (refit == ProtocolFit.Refit.SPREAD) {
            if (card.thresholds().atTargetFrr() == null) {
                throw new IllegalArgumentException(
                        card.version()
                                + " has no review band to keep: fit one on labelled writers first"
                                + " (--rule band), or refit its rule there (--rule card)");
            }
            return ProtocolFit.spreadOnly(
                    trials,
                    referencesOf(card),
                    card.thresholds().targetFar(),
                    card.thresholds().atTargetFar(),
                    card.thresholds().atTargetFrr(),
                    target == null ? null : CalibrationTarget.parse(target.toString()),
                    thresholdAt == null ? null : ThresholdRule.parse(thresholdAt.toString()),
                    BandEdges.of(card),
                    card.scoringRule());
        }
        if (refit == ProtocolFit.Refit.BAND) {
            return ProtocolFit.bandOnly(
                    trials,
                    referencesOf(card),
                    targetFar,
                    target == null ? null : CalibrationTarget.parse(target.toString()),
                    thresholdAt == null ? null : ThresholdRule.parse(thresholdAt.toString()),
                    bandEdges,
                    card.scoringRule());
        }
        return ProtocolFit.fit(
                trials,
                referencesOf(card),
                targetFar,
                options.target(),
                options.thresholdRule(),
                bandEdges,
                kept);
    }

    /** The candidates' validation EERs and the chosen rule's table, as printed. */
    static String describeFit(ProtocolFit fit) {
        return describeFit(fit, VALIDATION_WRITERS);
    }

    /** The same, for a fit on the writers {@code fittedOn} names. */
    private static String describeFit(ProtocolFit fit, String fittedOn) {
        Map<String, Double> candidates = new LinkedHashMap<>();
        fit.validationEer().forEach((name, eer) -> candidates.put("EER " + name, eer));
        ScoringRule rule = fit.rule();
        return Tables.metrics(fittedOn + ", each scoring rule tried", candidates)
                + System.lineSeparator()
                + Tables.groups(
                        String.format(
                                Locale.ROOT,
                                fittedOn
                                        + " under the chosen rule: %s distance,"
                                        + " normalisation %s, threshold %.4f (%s)",
                                rule.aggregation().id(),
                                rule.normalizationLabel(),
                                rule.threshold(),
                                fit.howFitted()),
                        ProtocolMetrics.groups(
                                fit.validation(), rule, Optional.of(fit.reviewBand())));
    }

    private Map<String, Object> describe(ModelCard card, ProtocolFit fit) {
        Map<String, Object> recalibration = new LinkedHashMap<>();
        recalibration.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        if (fit.target() != null) {
            recalibration.put("calibratedAgainst", fit.target().id());
        }
        if (fit.thresholdAt() != null) {
            recalibration.put("thresholdAt", fit.thresholdAt().id());
        }
        recalibration.put("bandEdges", fit.bandEdges().id());
        recalibration.put(
                "writers",
                switch (writers) {
                    case ALL ->
                            "all writers of " + String.join(" + ", dataset) + ", not trained on";
                    case HALF ->
                            "a seeded half of the writers of "
                                    + String.join(" + ", dataset)
                                    + ", not trained on; the other half measured";
                    default -> "the validation writers of the training run";
                });
        if (!otherHalf.isEmpty()) {
            recalibration.put("otherHalf", new LinkedHashMap<>(otherHalf));
        }
        recalibration.put(
                "rule",
                switch (fit.refit()) {
                    case BAND -> "the card's, kept whole: only the review band fitted";
                    case SPREAD ->
                            "the card's threshold, calibration and review band, kept; the"
                                    + " typical spread measured on these writers' references";
                    case RULE ->
                            keepsRule(!writers.equals(VALIDATION))
                                    ? "the card's aggregation and normalisation, kept"
                                    : "the candidate with the lowest EER";
                });
        recalibration.put(
                "command",
                "countersign calibrate --model "
                        + model
                        + " --dataset "
                        + String.join(" --dataset ", dataset)
                        + (writers.equals(VALIDATION) ? "" : " --writers " + writers)
                        + (rule != null ? " --rule " + rule : "")
                        + switch (fit.refit()) {
                            case SPREAD -> "";
                            case BAND -> scoringFit.asBandArguments();
                            case RULE -> scoringFit.asArguments();
                        }
                        + PenViewOption.asArguments(fit.broaderPen())
                        + OrientationOption.asArguments(card));
        String measureWith =
                "evaluate"
                        + (writers.equals(VALIDATION)
                                ? " --split test"
                                : " on writers the fit did not see");
        recalibration.put(
                "testMetrics",
                card.metrics().keySet().stream().noneMatch(name -> name.startsWith("test_"))
                        ? "none to keep; measure with " + measureWith
                        : CardMapping.keepsRule(card, fit)
                                ? "kept: the refitted rule is the card's own, to the last bit"
                                : CardMapping.keepsDecisions(card, fit)
                                        ? "kept but for the review band's (review_*, *_automatic):"
                                                + " the refitted rule decides as the card's own, to"
                                                + " the last bit, and only its band moved; measure"
                                                + " those with "
                                                + measureWith
                                        : "removed: they were measured under the previous rule;"
                                                + " measure with "
                                                + measureWith);
        return recalibration;
    }

    /** What the report's figures are worth under the refitted rule, for its note. */
    private static String whatStillHolds(ModelCard card, ProtocolFit fit, String fittedOn) {
        String measure =
                "`evaluate "
                        + (fittedOn.equals(VALIDATION_WRITERS)
                                ? "--split test`"
                                : "` on writers the fit did not see");
        if (CardMapping.keepsRule(card, fit)) {
            return "The rule is the card's own, to the last bit: the figures above hold under it.";
        }
        if (CardMapping.keepsDecisions(card, fit)) {
            return "The rule decides as the card's own, to the last bit; only its review band"
                    + " moved: what the band refers and leaves automatic above was measured under"
                    + " the earlier band; "
                    + measure
                    + " measures it.";
        }
        return "The threshold-dependent figures above were measured under the earlier rule; "
                + measure
                + " measures this one.";
    }

    private static void noteInReport(Path report, ModelCard card, ProtocolFit fit, String fittedOn)
            throws java.io.IOException {
        if (!Files.isRegularFile(report)) {
            return;
        }
        ScoringRule rule = fit.rule();
        String note =
                String.format(
                        Locale.ROOT,
                        "%n## Recalibrated %s%n%nThe "
                                + switch (fit.refit()) {
                                    case BAND -> "review band was fitted";
                                    case SPREAD -> "typical reference spread was measured again";
                                    case RULE -> "scoring rule was fitted again";
                                }
                                + " on the "
                                + fittedOn
                                + " (`countersign calibrate`): %s distance,"
                                + " normalisation %s, threshold %.4f (%s), calibration %.4f %+.4f·d"
                                + "%s%s; review band (%.4f, %.4f] (target"
                                + " FAR and FRR %s, edges %s). "
                                + whatStillHolds(card, fit, fittedOn)
                                + "%n",
                        LocalDate.now(ZoneOffset.UTC),
                        rule.aggregation().id(),
                        rule.normalizationLabel(),
                        rule.threshold(),
                        fit.refit() == ProtocolFit.Refit.RULE
                                ? fit.thresholdAt()
                                : "the card's, kept",
                        rule.calibration().intercept(),
                        rule.calibration().slope(),
                        fit.refit() != ProtocolFit.Refit.RULE || fit.target() == null
                                ? ""
                                : ", fitted against " + fit.target() + " forgeries",
                        card.preprocessing().orientation() == Orientation.AS_SCANNED
                                ? ""
                                : ", every image turned so that its ink's principal axis lies"
                                        + " horizontal (`--orientation principal-axis`)",
                        fit.reviewBand().genuineAtMost(),
                        fit.reviewBand().forgedAbove(),
                        fit.targetFar(),
                        fit.bandEdges());
        Files.writeString(report, note, StandardOpenOption.APPEND);
    }
}
