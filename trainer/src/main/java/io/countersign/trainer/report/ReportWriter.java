package io.countersign.trainer.report;

import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.OperatingPoint;
import io.countersign.trainer.training.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code report.md} and the PNG plots under {@code report/} next to a model. */
public final class ReportWriter {

    private ReportWriter() {}

    /** What the report shows. */
    public record Content(
            String version,
            String dataset,
            Map<String, Object> training,
            List<EpochStats> history,
            int bestEpoch,
            double initialValidationEer,
            OperatingPoint point,
            Map<String, Double> testMetrics,
            DistanceSet test) {}

    /** Writes the report into the model directory. */
    public static void write(Path modelDir, Content c) throws IOException {
        Path plots = modelDir.resolve("report");
        Files.createDirectories(plots);
        boolean curves = !c.history().isEmpty();
        if (curves) {
            Charts.losses(c.history(), plots.resolve("loss.png"));
        }
        Charts.roc(c.test(), plots.resolve("roc.png"));
        Charts.det(c.test(), plots.resolve("det.png"));
        Charts.histogram(c.test(), c.point().eerThreshold(), plots.resolve("distances.png"));
        StringBuilder md = new StringBuilder();
        md.append("# Training report: ").append(c.version()).append("\n\n");
        md.append("Dataset: `").append(c.dataset()).append("`\n\n");
        md.append("## Test metrics (writers never seen in training or validation)\n\n");
        md.append("| metric | value |\n| --- | --- |\n");
        // Cards keep metrics in no particular order: sort them for people.
        new TreeMap<>(c.testMetrics())
                .forEach(
                        (k, v) ->
                                md.append("| ")
                                        .append(k)
                                        .append(" | ")
                                        .append(fmt(k, v))
                                        .append(" |\n"));
        md.append("\n## Operating point (chosen on validation writers)\n\n");
        md.append("| setting | value |\n| --- | --- |\n");
        row(md, "threshold at validation EER (shipped threshold)", c.point().eerThreshold());
        row(md, "validation EER", c.point().validationEer());
        row(md, "target FAR", c.point().targetFar());
        row(md, "threshold at target FAR", c.point().atTargetFar());
        row(md, "calibration intercept", c.point().calibration().intercept());
        row(md, "calibration slope", c.point().calibration().slope());
        row(md, "untrained network: validation EER", c.initialValidationEer());
        md.append("| best epoch | ").append(c.bestEpoch()).append(" |\n");
        md.append("\n## Plots\n\n");
        if (curves) {
            md.append("![Loss per epoch](report/loss.png)\n\n");
        }
        md.append("![ROC](report/roc.png)\n\n![DET](report/det.png)\n\n");
        md.append("![Distance histograms](report/distances.png)\n\n");
        if (curves) {
            md.append("## Epochs\n\n| epoch | train loss | val loss | val EER | pairs/s | s |\n");
            md.append("| --- | --- | --- | --- | --- | --- |\n");
            for (EpochStats s : c.history()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %d | %.4f | %.4f | %.2f%% | %.1f | %.0f |%n",
                                s.epoch(),
                                s.trainLoss(),
                                s.validationLoss(),
                                100 * s.validationEer(),
                                s.pairsPerSecond(),
                                s.seconds()));
            }
        }
        md.append("\n## Training settings\n\n| setting | value |\n| --- | --- |\n");
        new TreeMap<>(c.training())
                .forEach(
                        (k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(modelDir.resolve("report.md"), md.toString());
    }

    private static void row(StringBuilder md, String name, double value) {
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(String.format(Locale.ROOT, "%.4f", value))
                .append(" |\n");
    }

    private static String fmt(String key, double value) {
        if (key.endsWith("pairs")) {
            return Long.toString(Math.round(value));
        }
        if (key.contains("threshold") || key.contains("brier")) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }
}
