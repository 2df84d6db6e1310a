package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TeacherDistancesTest {

    private static final Path TEACHER = Path.of("..", "models", "signet-s-synthetic");

    @Test
    void theTeachersDistanceIsItsOwnEmbeddingsOfTheImagesStandardisedItsWay() {
        // Given training images standardised with another mean and deviation than the teacher's
        PreprocessingSpec teachers =
                ModelCard.read(TEACHER.resolve(ModelCard.FILE_NAME)).preprocessing();
        PreprocessingSpec students =
                new PreprocessingSpec(
                        teachers.height(), teachers.width(), 0.05f, 0.2f, teachers.orientation());
        float[][] pixels = {ink(1), ink(2), ink(3)};
        List<float[]> cached =
                List.of(
                        standardised(pixels[0], students),
                        standardised(pixels[1], students),
                        standardised(pixels[2], students));
        WriterImages writer = new WriterImages("w1", cached.subList(0, 2), cached.subList(2, 3));

        // When the teacher embeds them
        TeacherDistances teacher = TeacherDistances.embed(TEACHER, List.of(writer), students);

        // Then its distances are those of its own embeddings of the same pixels standardised as it
        // was trained to read them
        float[][] own;
        try (OnnxEmbeddings onnx =
                new OnnxEmbeddings(
                        TEACHER.resolve("model.onnx"), teachers.height(), teachers.width())) {
            own =
                    onnx.embed(
                            List.of(
                                    standardised(pixels[0], teachers),
                                    standardised(pixels[1], teachers),
                                    standardised(pixels[2], teachers)),
                            3);
        }
        assertThat(teacher.size()).isEqualTo(3);
        assertThat(teacher.distance(cached.get(0), cached.get(2)))
                .isCloseTo(euclidean(own[0], own[2]), within(1e-4f));
        assertThat(teacher.distance(cached.get(0), cached.get(1)))
                .isCloseTo(euclidean(own[0], own[1]), within(1e-4f))
                .isGreaterThan(0f);
        assertThatThrownBy(() -> teacher.distance(cached.get(0), ink(4)))
                .hasMessageContaining("did not embed");
    }

    @Test
    void refusesATeacherThatTurnsTheInkOtherwise() {
        PreprocessingSpec teachers =
                ModelCard.read(TEACHER.resolve(ModelCard.FILE_NAME)).preprocessing();
        Orientation other =
                teachers.orientation() == Orientation.AS_SCANNED
                        ? Orientation.PRINCIPAL_AXIS
                        : Orientation.AS_SCANNED;

        assertThatThrownBy(
                        () ->
                                TeacherDistances.embed(
                                        TEACHER, List.of(), teachers.withOrientation(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--orientation");
    }

    /** A canvas of sparse ink, intensities in [0, 1]. */
    private static float[] ink(long seed) {
        Random random = new Random(seed);
        float[] image = new float[155 * 220];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat() < 0.08 ? random.nextFloat() : 0f;
        }
        return image;
    }

    private static float[] standardised(float[] pixels, PreprocessingSpec spec) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (pixels[i] - spec.mean()) / spec.std();
        }
        return out;
    }

    private static float euclidean(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return (float) Math.sqrt(sum);
    }
}
