package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.countersign.core.model.Calibration;
import io.countersign.core.model.ModelCard;
import io.countersign.core.model.Thresholds;
import io.countersign.trainer.export.LrnExpansion;
import io.countersign.trainer.export.LrnGraphs;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeCommandTest {

    private static final int H = 40;
    private static final int W = 50;

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
    }

    @Test
    void rewritesAnOldExportInPlaceWithTheSameEmbeddingsAndNotesItInTheCard() throws Exception {
        // Given a model directory whose graph has an LRN, as export wrote it before
        OnnxMl.ModelProto old = LrnGraphs.convReluLrn(8, 5, 0.75f, 9);
        Files.write(dir.resolve("model.onnx"), old.toByteArray());
        card().write(dir.resolve(ModelCard.FILE_NAME));
        List<float[]> images = images();
        float[][] before = embed(images);

        // When it is optimized
        int code = TrainerCli.execute("optimize", "--model", dir.toString());

        // Then the graph has no LRN, embeds as before, and the card says what was done
        assertThat(code).isZero();
        OnnxMl.ModelProto rewritten =
                OnnxMl.ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
        assertThat(LrnExpansion.hasLrn(rewritten)).isFalse();
        float[][] after = embed(images);
        for (int i = 0; i < before.length; i++) {
            for (int j = 0; j < before[i].length; j++) {
                assertThat(Math.abs(after[i][j] - before[i][j])).isLessThan(1e-4f);
            }
        }
        ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NAME));
        assertThat(card.training()).containsEntry("epochs", 3).containsKey("optimized");
        assertThat(card.training().get("optimized").toString())
                .contains("countersign optimize --model");
        assertThat(card.thresholds()).isEqualTo(card().thresholds());
        assertThat(dir.resolve("model.optimized.onnx")).doesNotExist();
        assertThat(out.toString()).contains("rewritten");

        // And a second run finds nothing to do and leaves the file alone
        byte[] once = Files.readAllBytes(dir.resolve("model.onnx"));
        assertThat(TrainerCli.execute("optimize", "--model", dir.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("model.onnx"))).isEqualTo(once);
        assertThat(out.toString()).contains("nothing to rewrite");
    }

    private float[][] embed(List<float[]> images) {
        try (OnnxEmbeddings embeddings = new OnnxEmbeddings(dir.resolve("model.onnx"), H, W)) {
            return embeddings.embed(images, 4);
        }
    }

    private static List<float[]> images() {
        Random random = new Random(2);
        float[][] images = new float[4][H * W];
        for (float[] image : images) {
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextFloat() < 0.1 ? 4 * random.nextFloat() : 0;
            }
        }
        return List.of(images);
    }

    private static ModelCard card() {
        return new ModelCard(
                "lrn-test-1",
                "signet-s",
                "image",
                "embedding",
                H,
                W,
                0f,
                1f,
                8,
                new Thresholds(0.42, 0.01, 0.31),
                new Calibration(6.0, -14.0),
                null,
                Map.of("dataset", "synthetic", "epochs", 3),
                Map.of("eer", 0.08));
    }
}
