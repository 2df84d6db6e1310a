package io.countersign.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.model.ModelCard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExpectedReferralGaugesTest {

    private static final ModelCard DEFAULT =
            ModelCard.read(Path.of("..", "models", "signet-s-ensemble5-int8", ModelCard.FILE_NAME));

    @Test
    void eachShareTheCardRecordsIsAGaugeByKindOfRequest() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        ExpectedReferralGauges.bind(registry, DEFAULT, true);

        for (String trials : ModelCard.REFERRED_TRIALS) {
            Gauge gauge =
                    registry.get("countersign.model.expected.review.share")
                            .tag("trials", trials)
                            .gauge();
            assertThat(gauge.value())
                    .isEqualTo(
                            DEFAULT.metrics().get(ModelCard.referredMetric("validation", trials)))
                    .isBetween(0.0, 1.0);
        }
    }

    @Test
    void noneWhereTheBandInForceIsNotTheCards() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        ExpectedReferralGauges.bind(registry, DEFAULT, false);

        assertThat(registry.find("countersign.model.expected.review.share").gauges()).isEmpty();
    }
}
