package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.cli.ServiceCli;
import io.countersign.streams.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container image as Jib builds it (streams-app/pom.xml), checked against the code. */
class ImageConfigTest {

    @TempDir Path tmp;

    private final JibConfig cpu = JibConfig.load(null);
    private final JibConfig gpu = JibConfig.load("gpu");

    @Test
    void runsServeOfTheServiceCliAsANonRootUser() {
        assertThat(cpu.get("configuration/container/mainClass"))
                .isEqualTo(ServiceCli.class.getName());
        List<String> args = cpu.list("configuration/container/args");
        assertThat(args).containsExactly("serve");
        // picocli parses it exactly as the service will (no unknown command or option)
        ServiceCli.commandLine().parseArgs(args.toArray(String[]::new));
        String user = cpu.get("configuration/container/user");
        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(cpu.boundToAPhase()).as("mvn verify must never build an image").isFalse();
    }

    @Test
    void exposesTheServicesHttpPortAndSizesTheHeapToTheContainer() {
        assertThat(cpu.list("configuration/container/ports"))
                .containsExactly(Settings.defaultOf("http.port"));
        assertThat(cpu.list("configuration/container/jvmFlags"))
                .anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="));
    }

    @Test
    void shipsTheModelWhereItsEnvironmentPointsTheService() {
        String modelDir =
                cpu.map("configuration/container/environment").get("COUNTERSIGN_MODEL_DIR");
        JibConfig.ExtraDirectory models =
                cpu.extraDirectories().stream()
                        .filter(d -> d.into().equals(modelDir))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("nothing is copied to " + modelDir));
        assertThat(models.from()).isEqualTo(Repo.model());
        for (String file : List.of("model.onnx", "model-card.json")) {
            assertThat(models.includes()).contains(file);
            assertThat(models.from().resolve(file)).isRegularFile();
        }
    }

    @Test
    void givesTheNonRootUserAWritableStateDirectory() {
        Map<String, String> env = cpu.map("configuration/container/environment");
        String stateDir = env.get("COUNTERSIGN_STATE_DIR");
        List<String> volumes = cpu.list("configuration/container/volumes");
        String volume =
                volumes.stream()
                        .filter(v -> stateDir.startsWith(v + "/"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(stateDir + " is on no volume"));
        assertThat(env.get("COUNTERSIGN_EMBEDDED_KAFKA_DIR")).startsWith(volume + "/");
        // The mount point exists in the image, world-writable, so a fresh volume is too
        assertThat(cpu.permissions()).containsEntry(volume, "777");
        assertThat(
                        cpu.extraDirectories().stream()
                                .filter(d -> d.into().equals("/"))
                                .map(d -> d.from().resolve(volume.substring(1))))
                .anyMatch(Files::isDirectory);
    }

    @Test
    void environmentHoldsOnlySettingsTheServiceKnowsAndLoads() {
        for (JibConfig image : List.of(cpu, gpu)) {
            Map<String, String> env = image.map("configuration/container/environment");
            assertThat(Settings.variableProblems(env.keySet(), Set.of())).isEmpty();
            ServiceConfig config = Settings.load(null, env, tmp);
            assertThat(config.stateDir().toString()).isEqualTo(env.get("COUNTERSIGN_STATE_DIR"));
        }
        assertThat(cpu.map("configuration/container/environment"))
                .containsEntry("COUNTERSIGN_INFERENCE_DEVICE", "cpu");
        assertThat(gpu.map("configuration/container/environment"))
                .containsEntry("COUNTERSIGN_INFERENCE_DEVICE", "cuda");
    }

    @Test
    void cpuImageIsOnAJre17AndGpuImageOnTheCudaBaseThisRepositoryBuilds() throws Exception {
        assertThat(cpu.get("configuration/from/image")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(gpu.get("configuration/to/image")).endsWith("-gpu");
        assertThat(gpu.get("configuration/to/image"))
                .isNotEqualTo(cpu.get("configuration/to/image"));

        // deploy/gpu-base/Dockerfile: CUDA 12 + cuDNN 9 runtime (what onnxruntime_gpu 1.23 needs)
        // with the same JRE 17, built under the name the gpu profile uses as its base.
        List<String> dockerfile = Files.readAllLines(Repo.path("deploy/gpu-base/Dockerfile"));
        String finalStage =
                dockerfile.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).get();
        assertThat(finalStage).matches("FROM nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu[0-9.]+");
        assertThat(dockerfile).anyMatch(l -> l.matches("FROM eclipse-temurin:17-jre\\S* AS jre"));
        String base = gpu.get("configuration/from/image");
        String repository = base.substring(0, base.lastIndexOf(':'));
        assertThat(dockerfile)
                .as("the Dockerfile says how to build %s", base)
                .anyMatch(l -> l.contains("docker build -t REGISTRY/" + repository + ":"));
        assertThat(base.substring(base.lastIndexOf(':') + 1))
                .startsWith("cuda12")
                .contains("cudnn9")
                .contains("jre17");
    }
}
