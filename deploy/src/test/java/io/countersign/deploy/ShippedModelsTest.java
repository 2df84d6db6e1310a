package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.model.ModelCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model directories the repository ships: what the service needs in each, within the size issue
 * 10 allows one (so a clone and the image stay light), and the corpora's terms in the card of every
 * model trained on real scans.
 */
class ShippedModelsTest {

    /** Issue 10: a shipped model's directory is at most 30 MB. */
    private static final long MAX_BYTES = 30_000_000L;

    /** The most the repository takes in one file (a four-network graph, 26.7 MB, did not fit). */
    private static final long MAX_FILE_BYTES = 25_000_000L;

    @Test
    void everyShippedModelHasItsGraphAndCardAndFitsTheSizeLimits() throws IOException {
        List<Path> models = models();
        assertThat(models).hasSizeGreaterThanOrEqualTo(2);
        for (Path model : models) {
            assertThat(model.resolve("model.onnx")).as("%s", model).isRegularFile();
            assertThat(model.resolve(ModelCard.FILE_NAME)).as("%s", model).isRegularFile();
            assertThat(bytes(model)).as("%s, bytes", model).isLessThanOrEqualTo(MAX_BYTES);
            assertThat(Files.size(model.resolve("model.onnx")))
                    .as("%s/model.onnx, bytes", model)
                    .isLessThanOrEqualTo(MAX_FILE_BYTES);
        }
    }

    @Test
    void theServicesDefaultModelIsOneOfThem() {
        Path configured = Repo.path(Settings.defaultOf("model.dir")).normalize();

        assertThat(models()).contains(configured);
    }

    @Test
    void aModelTrainedOnTheResearchCorporaCarriesTheirTerms() {
        for (Path model : models()) {
            ModelCard card = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
            String dataset = String.valueOf(card.training().get("dataset"));
            if (dataset.contains("sign_data") || dataset.contains("bhsig260")) {
                assertThat(card.training().get("dataTerms"))
                        .as("%s: dataTerms", model)
                        .asString()
                        .contains("research use");
            }
        }
    }

    private static List<Path> models() {
        try (Stream<Path> dirs = Files.list(Repo.path("models"))) {
            return dirs.filter(Files::isDirectory).map(Path::normalize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory's files, less a training checkpoint (git-ignored, never shipped). */
    private static long bytes(Path model) throws IOException {
        Path checkpoint = model.resolve("checkpoint");
        try (Stream<Path> files = Files.walk(model)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(checkpoint))
                    .mapToLong(ShippedModelsTest::size)
                    .sum();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
