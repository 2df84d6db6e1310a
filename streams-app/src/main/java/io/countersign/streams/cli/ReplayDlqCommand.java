package io.countersign.streams.cli;

import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.replay.DeadLetterReplayer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code countersign replay-dlq}: republishes dead letters to their source topic. */
@Command(
        name = "replay-dlq",
        mixinStandardHelpOptions = true,
        description =
                "Republish the dead letters now on a dead-letter topic to the topic they came from"
                        + " (original key, value and headers), once their cause is fixed. Run it once:"
                        + " a second run republishes them again.")
final class ReplayDlqCommand implements Callable<Integer> {

    @Option(
            names = "--topic",
            defaultValue = "signature.requests.dlq",
            description = "dead-letter topic (default ${DEFAULT-VALUE})")
    String topic;

    @Option(
            names = "--code",
            description = "only dead letters with this error code, e.g. IMAGE_TOO_LARGE")
    String code;

    @Option(
            names = "--since",
            description =
                    "only dead letters written at or after this time (ISO-8601, e.g. 2026-11-28T10:00:00Z)")
    String since;

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka to use (default: kafka.bootstrap.servers from --config)")
    String bootstrapServers;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "properties file for the kafka.* settings")
    Path config;

    @Override
    public Integer call() {
        Properties kafka = new Properties();
        if (config != null) {
            kafka.putAll(ServiceConfig.load(config, System.getenv()).kafkaProperties());
        }
        if (bootstrapServers != null) {
            kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (!kafka.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "no Kafka to replay on: give --bootstrap-servers HOST:PORT or --config FILE"
                            + " with kafka.bootstrap.servers");
        }
        Optional<Instant> from;
        try {
            from = Optional.ofNullable(since).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--since "
                            + since
                            + " is not an ISO-8601 instant such as 2026-11-28T10:00:00Z");
        }
        DeadLetterReplayer.Result result =
                new DeadLetterReplayer(kafka).replay(topic, Optional.ofNullable(code), from);
        System.out.printf(
                "Read %d dead letters from %s, republished %d %s%n",
                result.read(), topic, result.replayed(), result.perTopic());
        return 0;
    }
}
