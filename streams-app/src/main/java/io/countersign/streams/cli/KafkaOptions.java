package io.countersign.streams.cli;

import io.countersign.streams.config.ServiceConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** Where the tools find Kafka: --bootstrap-servers, or the kafka.* settings of a config file. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            description =
                    "Kafka to use (default: kafka.bootstrap.servers from --config, else localhost:9092, where serve's embedded broker listens)")
    String bootstrapServers;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "properties file with kafka.* settings")
    Path config;

    Properties properties() {
        Properties kafka = new Properties();
        if (config != null) {
            kafka.putAll(ServiceConfig.load(config, System.getenv()).kafkaProperties());
        }
        if (bootstrapServers != null) {
            kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        kafka.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        return kafka;
    }
}
