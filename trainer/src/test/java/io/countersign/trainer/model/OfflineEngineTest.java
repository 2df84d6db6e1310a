package io.countersign.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Utils;
import io.countersign.trainer.loss.ContrastiveLoss;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineEngineTest {

    @Test
    void trainsWithTheNativeLibraryFromTheClasspathJarAndNoNetwork() throws Exception {
        // Given DJL forced offline before the engine loads
        DjlRuntime.goOffline();
        Engine engine = DjlRuntime.pytorch();

        // When one training step of signet-s runs
        float lossValue;
        try (Model model = Model.newInstance("offline", Device.cpu(), DjlRuntime.PYTORCH)) {
            model.setBlock(SigNet.builder().setVariant(SigNetVariant.SIGNET_S).build());
            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(new ContrastiveLoss(1f)))) {
                Shape input = new Shape(4, 1, SigNetVariant.HEIGHT, SigNetVariant.WIDTH);
                trainer.initialize(input);
                NDArray images = trainer.getManager().randomNormal(input);
                NDArray labels = trainer.getManager().create(new float[] {1, 0});
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss =
                            trainer.getLoss()
                                    .evaluate(
                                            new NDList(labels),
                                            trainer.forward(new NDList(images)));
                    collector.backward(loss);
                    lossValue = loss.getFloat();
                }
                trainer.step();
            }
        }

        // Then: DJL is offline, the platform description came from the pytorch-native-cpu jar,
        // and the loaded libtorch is the copy unpacked from it into DJL's cache directory
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(lossValue).isFinite();
        URL platform = getClass().getClassLoader().getResource("native/lib/pytorch.properties");
        assertThat(platform).isNotNull();
        assertThat(platform.getProtocol()).isEqualTo("jar");
        assertThat(platform.getPath()).contains("pytorch-native-cpu").contains("linux-x86_64");
        Path cache = Utils.getEngineCacheDir("pytorch").toRealPath();
        List<String> loaded =
                Files.readAllLines(Path.of("/proc/self/maps")).stream()
                        .filter(line -> line.endsWith("libtorch_cpu.so"))
                        .map(line -> line.substring(line.indexOf('/')))
                        .distinct()
                        .toList();
        assertThat(loaded).isNotEmpty().allMatch(p -> p.startsWith(cache.toString()));
    }
}
