package io.countersign.trainer.report;

import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.training.EpochStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The report's Markdown tables. */
final class ReportTables {

    private ReportTables() {}

    /** Protocol metrics as rows, pooled and each corpus as columns. */
    static void protocol(StringBuilder md, Map<String, Double> metrics, String prefix) {
        Map<String, Map<String, Double>> groups = ProtocolMetrics.unflatten(metrics, prefix);
        if (groups.isEmpty()) {
            md.append("(this card has no protocol metrics)\n");
            return;
        }
        md.append("| metric | ").append(String.join(" | ", groups.keySet())).append(" |\n|---");
        md.append(" | ---".repeat(groups.size())).append(" |\n");
        for (String name : ProtocolMetrics.names(groups)) {
            md.append("| ").append(name);
            for (Map<String, Double> group : groups.values()) {
                Double v = group.get(name);
                md.append(" | ").append(v == null ? "" : MetricFormat.format(name, v));
            }
            md.append(" |\n");
        }
    }

    /** The scoring rule the card ships and how it was chosen. */
    static void scoring(StringBuilder md, ModelCard card, double initialEer, int bestEpoch) {
        ScoringRule rule = card.scoringRule();
        md.append("| setting | value |\n| --- | --- |\n");
        text(md, "aggregation", rule.aggregation().id());
        text(md, "normalisation", rule.normalizationLabel());
        Integer k = card.scoringFit().references();
        text(md, "references per writer (K)", k == null ? "?" : k.toString());
        row(md, "threshold (P(genuine) = 0.5; card thresholds.eer)", rule.threshold());
        row(md, "target FAR", card.thresholds().targetFar());
        row(
                md,
                "threshold at target FAR (validation skilled forgeries)",
                card.thresholds().atTargetFar());
        if (card.thresholds().atTargetFrr() != null) {
            row(
                    md,
                    "threshold at the same FRR (validation genuine signatures; above it FORGED"
                            + " needs no review)",
                    card.thresholds().atTargetFrr());
        }
        row(md, "calibration intercept", rule.calibration().intercept());
        row(md, "calibration slope", rule.calibration().slope());
        new TreeMap<>(card.metrics())
                .forEach(
                        (key, v) -> {
                            if (key.startsWith("validation_")) {
                                text(md, key, MetricFormat.format(key, v));
                            }
                        });
        text(
                md,
                "starting network (untrained, or --init-from's): validation pair EER",
                MetricFormat.format("eer", initialEer));
        text(md, "best epoch", Integer.toString(bestEpoch));
    }

    /** Named metrics as rows, sorted. */
    static void metrics(StringBuilder md, Map<String, Double> metrics) {
        md.append("| metric | value |\n| --- | --- |\n");
        new TreeMap<>(metrics).forEach((k, v) -> text(md, k, MetricFormat.format(k, v)));
    }

    /** One row per epoch. */
    static void epochs(StringBuilder md, List<EpochStats> history) {
        md.append(
                "## Epochs\n\n| epoch | train loss | val loss | val pair EER | val protocol EER"
                        + " (skilled) | pairs/s | s |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (EpochStats s : history) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %.4f | %.4f | %.2f%% | %s | %.1f | %.0f |%n",
                            s.epoch(),
                            s.trainLoss(),
                            s.validationLoss(),
                            100 * s.validationEer(),
                            Double.isNaN(s.protocolEer())
                                    ? "not measured"
                                    : String.format(Locale.ROOT, "%.2f%%", 100 * s.protocolEer()),
                            s.pairsPerSecond(),
                            s.seconds()));
        }
    }

    private static void row(StringBuilder md, String name, double value) {
        text(md, name, String.format(Locale.ROOT, "%.4f", value));
    }

    private static void text(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
