package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void showsLossThroughputAndEta() {
        // Given a bar for 100 pairs
        ProgressBar bar =
                new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "epoch 2/5", 100);

        // When 25 pairs took 5 s
        String line = bar.render(25, 0.12345, 5.0);

        // Then: 5 pairs/s, 75 pairs left -> 15 s
        assertThat(line)
                .isEqualTo(
                        "epoch 2/5 [######..................] 25/100 loss 0.1235 5.0 pairs/s ETA 0:15");
    }

    @Test
    void drawsTheFinalStateOnTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ProgressBar(new PrintStream(out), "e", 10).update(10, 1.0);
        assertThat(out.toString()).contains("10/10 loss 1.0000");
    }
}
