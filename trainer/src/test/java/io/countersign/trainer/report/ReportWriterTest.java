package io.countersign.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.LogisticCalibration;
import io.countersign.trainer.evaluation.OperatingPoint;
import io.countersign.trainer.evaluation.VerificationMetrics;
import io.countersign.trainer.training.EpochStats;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void writesMarkdownThatEmbedsEveryPlot() throws Exception {
        // Given distances where skilled forgeries overlap genuine pairs more than random ones
        Random r = new Random(1);
        DistanceSet test =
                new DistanceSet(
                        normal(r, 200, 0.3, 0.1),
                        normal(r, 200, 0.6, 0.15),
                        normal(r, 200, 1.0, 0.15));
        OperatingPoint point =
                new OperatingPoint(0.45, 0.1, 0.01, 0.2, new LogisticCalibration(4, -9));
        List<EpochStats> history =
                List.of(
                        new EpochStats(1, 0.3, 0.25, 0.2, 10, 40),
                        new EpochStats(2, 0.2, 0.2, 0.1, 10, 41));

        // When
        ReportWriter.write(
                dir,
                new ReportWriter.Content(
                        "signet-s-test",
                        "synthetic",
                        Map.of("epochs", 2),
                        history,
                        2,
                        0.4,
                        point,
                        VerificationMetrics.measure(test, point),
                        test));

        // Then
        String md = Files.readString(dir.resolve("report.md"));
        for (String png : List.of("loss.png", "roc.png", "det.png", "distances.png")) {
            assertThat(md).contains("(report/" + png + ")");
            BufferedImage image = ImageIO.read(dir.resolve("report").resolve(png).toFile());
            assertThat(image.getWidth()).isEqualTo(720);
            assertThat(image.getHeight()).isEqualTo(480);
        }
        assertThat(md).contains("| eer_skilled |").contains("| 2 | 0.2000 | 0.2000 | 10.00% |");
    }
}
