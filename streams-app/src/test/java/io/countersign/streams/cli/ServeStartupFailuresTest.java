package io.countersign.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.core.model.ModelCard;
import io.countersign.streams.testing.Cards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code countersign serve} refuses each kind of misconfiguration before it starts anything, with
 * exit status 2 and one line on stderr that names the setting and what to change.
 */
class ServeStartupFailuresTest {

    private static final Path SHIPPED_MODEL =
            Path.of("..", "models", "signet-s-synthetic").toAbsolutePath().normalize();

    @TempDir Path dir;

    @Test
    void aMissingConfigFile() {
        assertOneLine(
                serve(dir.resolve("nowhere.properties")),
                "countersign: --config " + dir.resolve("nowhere.properties") + " does not exist");
    }

    @Test
    void anUnknownKey() throws Exception {
        assertOneLine(
                serve(config("batch.max-sise=8")), "countersign: unknown key 'batch.max-sise' in ");
    }

    @Test
    void aBadValue() throws Exception {
        assertOneLine(
                serve(config("stream.threads=two")),
                "countersign: stream.threads=two must be a whole number");
    }

    @Test
    void aMissingModel() throws Exception {
        assertOneLine(
                serve(config("model.dir=" + dir.resolve("no-model"))),
                "countersign: model.dir=" + dir.resolve("no-model") + " has no model.onnx");
    }

    @Test
    void aModelCardThatDoesNotMatchTheOnnxInput() throws Exception {
        Path model = Files.createDirectories(dir.resolve("mismatched"));
        Files.copy(SHIPPED_MODEL.resolve("model.onnx"), model.resolve("model.onnx"));
        ModelCard card = ModelCard.read(SHIPPED_MODEL.resolve(ModelCard.FILE_NAME));
        Cards.withInput(card, card.inputHeight(), card.inputWidth() + 10)
                .write(model.resolve(ModelCard.FILE_NAME));

        Result result = serve(config("model.dir=" + model));

        assertOneLine(result, "countersign: ");
        assertThat(result.err()).contains("does not run on the 1x155x230 input");
    }

    @Test
    void aModelCardWithANormalizationThisVersionDoesNotKnow() throws Exception {
        // A card from a newer trainer: scoring with its threshold without its normalisation
        // would decide on the wrong numbers, so the service must not start.
        Path model = Files.createDirectories(dir.resolve("newer"));
        Files.copy(SHIPPED_MODEL.resolve("model.onnx"), model.resolve("model.onnx"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode card =
                (ObjectNode) json.readTree(SHIPPED_MODEL.resolve(ModelCard.FILE_NAME).toFile());
        ObjectNode scoring =
                card.get("scoring") instanceof ObjectNode fit ? fit : card.putObject("scoring");
        scoring.put("normalization", "z-norm");
        json.writeValue(model.resolve(ModelCard.FILE_NAME).toFile(), card);

        Result result = serve(config("model.dir=" + model));

        assertOneLine(result, "countersign: model card ");
        assertThat(result.err())
                .contains("field 'scoring' unknown normalization 'z-norm'")
                .contains("none, reference-spread, reference-spread-prior");
    }

    @Test
    void cudaDemandedWhereNoGpuIsUsable() throws Exception {
        Result result = serve(config("inference.device=cuda"));

        assertOneLine(
                result, "countersign: inference.device=cuda but CUDA could not be initialised");
        assertThat(result.err()).contains("set inference.device=auto or cpu");
    }

    private Path config(String line) throws Exception {
        Path file = dir.resolve("countersign.properties");
        String model = line.startsWith("model.dir=") ? "" : "model.dir=" + SHIPPED_MODEL + "\n";
        // A broker address nobody listens on: nothing here may get as far as Kafka.
        Files.writeString(
                file, model + line + "\nkafka.bootstrap.servers=localhost:1\nhttp.port=0\n");
        return file;
    }

    private static Result serve(Path config) {
        StringWriter err = new StringWriter();
        CommandLine cli = ServiceCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("serve", "--config", config.toString());
        return new Result(exit, err.toString());
    }

    private static void assertOneLine(Result result, String start) {
        assertThat(result.exit()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith(start);
        assertThat(result.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    private record Result(int exit, String err) {}
}
