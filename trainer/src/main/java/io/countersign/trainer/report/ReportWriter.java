package io.countersign.trainer.report;

import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.training.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.md} and the PNG plots under {@code report/} next to a model: the service
 * protocol's numbers and curves first, the isolated pairs' second.
 */
public final class ReportWriter {

    private static final String PROTOCOL = "test_protocol_";

    private ReportWriter() {}

    /**
     * What the report shows.
     *
     * @param card the model card (version, training, scoring rule, metrics)
     * @param protocol test scores under the service protocol; null for a checkpoint from before it
     * @param pairs test pair distances; null where the test writers were not measured (then the
     *     protocol's scores are null too)
     */
    public record Content(
            ModelCard card,
            String dataset,
            List<EpochStats> history,
            int bestEpoch,
            double initialValidationEer,
            DistanceSet protocol,
            DistanceSet pairs) {}

    /** Writes the report into the model directory. */
    public static void write(Path modelDir, Content c) throws IOException {
        Path plots = modelDir.resolve("report");
        Files.createDirectories(plots);
        ModelCard card = c.card();
        ScoringRule rule = card.scoringRule();
        boolean curves = !c.history().isEmpty();
        StringBuilder md = new StringBuilder();
        md.append("# Training report: ").append(card.version()).append("\n\n");
        md.append("Dataset: `").append(c.dataset()).append("`\n\n");
        boolean tested = c.pairs() != null;
        if (tested) {
            md.append("## Test writers under the service protocol\n\n");
            md.append(describe(card, rule)).append("\n\n");
            ReportTables.protocol(md, card.metrics(), PROTOCOL);
        } else {
            md.append("## Test writers\n\n")
                    .append("Not measured: the run was told not to (`train --skip-test`), as a")
                    .append(" recipe under comparison is. Measure the model that ships once, with")
                    .append(" `countersign evaluate --split test`.\n");
        }
        md.append("\n## Scoring rule (fitted on validation writers)\n\n");
        ReportTables.scoring(md, card, c.initialValidationEer(), c.bestEpoch());
        if (tested) {
            md.append(
                    "\n## Test pair metrics (isolated pairs, threshold fitted on validation"
                            + " pairs)\n\n");
            Map<String, Double> pairs = new TreeMap<>();
            card.metrics()
                    .forEach(
                            (k, v) -> {
                                if (k.startsWith("test_") && !k.startsWith(PROTOCOL)) {
                                    pairs.put(k.substring("test_".length()), v);
                                }
                            });
            ReportTables.metrics(md, pairs);
        }
        md.append("\n## Plots\n\n");
        if (c.protocol() != null) {
            String title = "service protocol, test writers";
            Charts.roc(c.protocol(), title, plots.resolve("protocol-roc.png"));
            Charts.det(c.protocol(), title, plots.resolve("protocol-det.png"));
            Charts.histogram(
                    c.protocol(),
                    "Scores under the service protocol",
                    "mean reference distance"
                            + (rule.normalization() == Normalization.NONE ? "" : ", normalised"),
                    rule.threshold(),
                    plots.resolve("protocol-scores.png"));
            md.append("![ROC under the service protocol](report/protocol-roc.png)\n\n");
            md.append("![DET under the service protocol](report/protocol-det.png)\n\n");
            md.append("![Scores under the service protocol](report/protocol-scores.png)\n\n");
        }
        if (curves) {
            Charts.losses(c.history(), plots.resolve("loss.png"));
            md.append("![Loss per epoch](report/loss.png)\n\n");
        }
        if (tested) {
            Charts.roc(c.pairs(), "isolated pairs, test writers", plots.resolve("roc.png"));
            Charts.det(c.pairs(), "isolated pairs, test writers", plots.resolve("det.png"));
            // The card's threshold is in pair units only when scores are not normalised.
            Charts.histogram(
                    c.pairs(),
                    "Pair distances on test writers",
                    "embedding distance",
                    rule.normalization() == Normalization.NONE ? rule.threshold() : Double.NaN,
                    plots.resolve("distances.png"));
            md.append("![ROC of pairs](report/roc.png)\n\n![DET of pairs](report/det.png)\n\n");
            md.append("![Pair distance histograms](report/distances.png)\n\n");
        }
        if (curves) {
            ReportTables.epochs(md, c.history());
        }
        md.append("\n## Training settings\n\n| setting | value |\n| --- | --- |\n");
        new TreeMap<>(card.training())
                .forEach(
                        (k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(modelDir.resolve("report.md"), md.toString());
    }

    private static String describe(ModelCard card, ScoringRule rule) {
        Integer k = card.scoringFit().references();
        return String.format(
                Locale.ROOT,
                "Each test writer enrols %s genuine references; its other genuine signatures, its"
                        + " skilled forgeries and random forgeries (other writers' genuine ones) are"
                        + " scored by the %s distance to them%s, exactly as the service does, and"
                        + " decided at threshold %.4f (P(genuine) = 0.5).",
                k == null ? "K" : k,
                rule.aggregation().id(),
                rule.normalization() == Normalization.NONE
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " divided by their spread (%s, shrunk towards %.4f)",
                                rule.normalizationLabel(),
                                rule.typicalSpread()),
                rule.threshold());
    }
}
