package io.countersign.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.model.Calibration;
import io.countersign.core.model.ModelCard;
import io.countersign.core.model.ScoringFit;
import io.countersign.core.model.Thresholds;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.training.EpochStats;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir Path dir;

    private static double[] normal(Random r, int n, double mean, double sd) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.max(0, mean + sd * r.nextGaussian());
        }
        return d;
    }

    @Test
    void writesMarkdownThatLeadsWithTheProtocolAndEmbedsEveryPlot() throws Exception {
        // Given protocol scores and pair distances where skilled forgeries overlap genuine ones
        // more than random ones, and a card with protocol metrics for two corpora
        Random r = new Random(1);
        DistanceSet protocol =
                new DistanceSet(
                        normal(r, 200, 0.8, 0.2),
                        normal(r, 200, 1.4, 0.3),
                        normal(r, 200, 2.2, 0.3));
        DistanceSet pairs =
                new DistanceSet(
                        normal(r, 200, 0.3, 0.1),
                        normal(r, 200, 0.6, 0.15),
                        normal(r, 200, 1.0, 0.15));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_protocol_eer_skilled", 0.12);
        metrics.put("test_protocol_frr", 0.05);
        metrics.put("test_protocol_trials_genuine", 400.0);
        metrics.put("test_protocol_eer_skilled[cedar]", 0.08);
        metrics.put("test_protocol_eer_skilled[sign_data]", 0.2);
        metrics.put("validation_protocol_eer_skilled_none", 0.15);
        metrics.put("validation_protocol_eer_skilled_reference_spread", 0.13);
        metrics.put("test_eer_skilled", 0.2);
        metrics.put("test_pairs", 600.0);
        ModelCard card =
                new ModelCard(
                        "signet-s-test",
                        "signet-s",
                        "image",
                        "embedding",
                        155,
                        220,
                        0.1f,
                        0.2f,
                        128,
                        new Thresholds(1.1, 0.01, 0.7),
                        new Calibration(5.5, -5),
                        new ScoringFit("mean", "reference-spread", 0.9, null, 5),
                        Map.of("epochs", 2),
                        metrics);
        List<EpochStats> history =
                List.of(
                        new EpochStats(1, 0.3, 0.25, 0.2, 10, 40, 0.15),
                        new EpochStats(2, 0.2, 0.2, 0.1, 10, 41, Double.NaN));

        // When
        ReportWriter.write(
                dir, new ReportWriter.Content(card, "synthetic", history, 2, 0.4, protocol, pairs));

        // Then
        String md = Files.readString(dir.resolve("report.md"));
        for (String png :
                List.of(
                        "protocol-roc.png",
                        "protocol-det.png",
                        "protocol-scores.png",
                        "loss.png",
                        "roc.png",
                        "det.png",
                        "distances.png")) {
            assertThat(md).contains("(report/" + png + ")");
            BufferedImage image = ImageIO.read(dir.resolve("report").resolve(png).toFile());
            assertThat(image.getWidth()).isEqualTo(720);
            assertThat(image.getHeight()).isEqualTo(480);
        }
        assertThat(md.indexOf("protocol-roc.png")).isLessThan(md.indexOf("(report/roc.png)"));
        assertThat(md.indexOf("service protocol"))
                .isLessThan(md.indexOf("| eer_skilled | 20.00% |"));
        assertThat(md)
                .contains("| metric | pooled | cedar | sign_data |")
                .contains("| eer_skilled | 12.00% | 8.00% | 20.00% |")
                .contains("| trials_genuine | 400 |  |  |")
                .contains("| threshold (P(genuine) = 0.5; card thresholds.eer) | 1.1000 |")
                .contains("| validation_protocol_eer_skilled_reference_spread | 13.00% |")
                .contains("| pairs | 600 |")
                .contains("| 2 | 0.2000 | 0.2000 | 10.00% |");
    }
}
