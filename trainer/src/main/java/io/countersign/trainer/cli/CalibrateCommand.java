package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.EvaluationPairs;
import io.countersign.trainer.data.ScanChannel;
import io.countersign.trainer.data.TensorViews;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.evaluation.ProtocolTrials;
import io.countersign.trainer.export.CardMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code countersign calibrate}: fits a trained model's scoring rule again (aggregation,
 * normalisation, calibration, even-odds threshold) on the validation writers of its own training
 * run, through ONNX Runtime, without retraining; for a change of how rules are fitted, or of the
 * forgeries they are fitted against. The test writers are not touched: their metrics in the card
 * were measured under the old rule, so they are removed, and {@code evaluate --split test} measures
 * the new one.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description =
                "Refit a model's scoring rule on the validation writers of its own training run"
                        + " and write its card again (no retraining; test writers untouched).")
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
                            + " with evaluate) (default: ${DEFAULT-VALUE})")
    String writers;

    @Option(
            names = "--rule",
            description =
                    "best (the candidate rule with the lowest EER on the writers fitted on: its"
                            + " aggregation and normalisation) | card (keep the card's, fit only"
                            + " the typical spread, threshold and calibration: for a few writers"
                            + " of a new corpus, whose noise a choice among rules would fit)"
                            + " (default: best on validation writers, card with --writers all)")
    String rule;

    static final String VALIDATION = "validation";

    static final String ALL = "all";

    /** The writers a fit was made on, as its tables and the report say. */
    private static final String VALIDATION_WRITERS = "validation writers";

    private static final String ALL_WRITERS = "every writer of the dataset";

    @Override
    public Integer call() throws Exception {
        ModelDirectory opened = ModelDirectory.open(model);
        ModelCard card = orientation.applyTo(opened.card());
        ModelDirectory directory = new ModelDirectory(opened.dir(), card);
        boolean all = fitOnAll(card);
        boolean keepRule = keepsRule(all);
        ProtocolFit fit =
                fit(
                        directory,
                        dataset,
                        all ? "" : VALIDATION,
                        scoringFit,
                        penView.orCard(card),
                        keepRule ? card.scoringRule() : null);
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
        ModelCard recalibrated = CardMapping.recalibrated(card, fit, describe(card, fit));
        recalibrated.write(to.resolve(ModelCard.FILE_NAME));
        noteInReport(to.resolve("report.md"), card, fit, all ? ALL_WRITERS : VALIDATION_WRITERS);
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

    /** Whether the card's aggregation and normalisation are kept ({@code --rule card}). */
    private boolean keepsRule(boolean all) {
        if (rule == null) {
            return all;
        }
        if (!rule.equals("best") && !rule.equals("card")) {
            throw new IllegalArgumentException("unknown --rule '" + rule + "': use best or card");
        }
        return rule.equals("card");
    }

    /**
     * Whether {@code --writers} asks for every writer of the dataset; refuses a value it does not
     * know, and the corpora the model was trained on (all their writers would include its training
     * writers, on whom a network's distances are tighter than on anyone else's).
     */
    private boolean fitOnAll(ModelCard card) {
        if (!writers.equals(VALIDATION) && !writers.equals(ALL)) {
            throw new IllegalArgumentException(
                    "unknown --writers '" + writers + "': use validation or all");
        }
        if (writers.equals(ALL)) {
            for (String spec : dataset) {
                if (TrainingCorpora.of(card).contain(spec)) {
                    throw new IllegalArgumentException(
                            spec
                                    + " holds writers the model was trained on: --writers all"
                                    + " would fit its rule on them; fit on a corpus it never"
                                    + " saw, or leave --writers at validation");
                }
            }
        }
        return writers.equals(ALL);
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
        return fit(directory, dataset, VALIDATION, options, broaderPen, null);
    }

    /**
     * The same on the writers of {@code split} ({@link EvaluationData#select}: "" for every writer
     * of the dataset), keeping {@code kept}'s aggregation and normalisation where it is not null.
     */
    private static ProtocolFit fit(
            ModelDirectory directory,
            List<String> dataset,
            String split,
            ScoringFitOptions options,
            int broaderPen,
            ScoringRule kept)
            throws InterruptedException {
        ModelCard card = directory.card();
        int references =
                card.scoringFit().references() != null ? card.scoringFit().references() : 5;
        long seed = (long) EvaluationData.number(card.training(), "seed", 42);
        SignatureDataset data = EvaluationData.select(dataset, "", split, card);
        TensorViews tensors = new TensorViews(broaderPen);
        List<WriterImages> images = directory.images(data, ScanChannel.NONE, tensors);
        EvaluationPairs pairs = new EvaluationPairs(images, 1, seed);
        float[][] embeddings = directory.embed(pairs.images());
        ProtocolTrials trials =
                ProtocolTrials.draws(
                                pairs.writers(embeddings),
                                references,
                                ProtocolTrials.DEFAULT_RANDOM_WRITERS,
                                fitDrawSeed(card),
                                ProtocolTrials.FIT_DRAWS)
                        .withViews(directory.toneViews(pairs.images(), embeddings, tensors));
        ProtocolFit fit =
                ProtocolFit.fit(
                        trials,
                        references,
                        card.thresholds().targetFar(),
                        options.target(),
                        options.thresholdRule(),
                        kept);
        System.out.println(describeFit(fit, split.isEmpty() ? ALL_WRITERS : VALIDATION_WRITERS));
        return fit;
    }

    /** The first of the enrolment draws training makes on its validation writers (seed + 3 on). */
    static long fitDrawSeed(ModelCard card) {
        return (long) EvaluationData.number(card.training(), "seed", 42) + 3;
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
                                        + " normalisation %s, threshold %.4f (%s; P(genuine) ="
                                        + " 0.5 there, calibrated against %s forgeries)",
                                rule.aggregation().id(),
                                rule.normalizationLabel(),
                                rule.threshold(),
                                fit.thresholdAt(),
                                fit.target()),
                        ProtocolMetrics.groups(fit.validation(), rule));
    }

    private Map<String, Object> describe(ModelCard card, ProtocolFit fit) {
        Map<String, Object> recalibration = new LinkedHashMap<>();
        recalibration.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        recalibration.put("calibratedAgainst", fit.target().id());
        recalibration.put("thresholdAt", fit.thresholdAt().id());
        recalibration.put(
                "writers",
                writers.equals(ALL)
                        ? "all writers of " + String.join(" + ", dataset) + ", not trained on"
                        : "the validation writers of the training run");
        recalibration.put(
                "rule",
                keepsRule(writers.equals(ALL))
                        ? "the card's aggregation and normalisation, kept"
                        : "the candidate with the lowest EER");
        recalibration.put(
                "command",
                "countersign calibrate --model "
                        + model
                        + " --dataset "
                        + String.join(" --dataset ", dataset)
                        + (writers.equals(ALL) ? " --writers all" : "")
                        + (rule != null ? " --rule " + rule : "")
                        + scoringFit.asArguments()
                        + PenViewOption.asArguments(fit.broaderPen())
                        + OrientationOption.asArguments(card));
        recalibration.put(
                "testMetrics",
                "removed: they were measured under the previous rule; measure with evaluate"
                        + (writers.equals(ALL)
                                ? " on writers the fit did not see"
                                : " --split test"));
        return recalibration;
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
                        "%n## Recalibrated %s%n%nThe scoring rule was fitted again on the "
                                + fittedOn
                                + " (`countersign calibrate`): %s distance,"
                                + " normalisation %s, threshold %.4f (%s), calibration %.4f %+.4f·d,"
                                + " fitted against %s forgeries%s. The threshold-dependent figures above were"
                                + " measured under the earlier rule; `evaluate "
                                + (fittedOn.equals(VALIDATION_WRITERS)
                                        ? "--split test`"
                                        : "` on writers the fit did not see")
                                + " measures this one.%n",
                        LocalDate.now(ZoneOffset.UTC),
                        rule.aggregation().id(),
                        rule.normalizationLabel(),
                        rule.threshold(),
                        fit.thresholdAt(),
                        rule.calibration().intercept(),
                        rule.calibration().slope(),
                        fit.target(),
                        card.preprocessing().orientation() == Orientation.AS_SCANNED
                                ? ""
                                : ", every image turned so that its ink's principal axis lies"
                                        + " horizontal (`--orientation principal-axis`)");
        Files.writeString(report, note, StandardOpenOption.APPEND);
    }
}
