package io.countersign.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes the Kafka clients' metrics as fast as it can, and has them looked for anew every 50 ms,
 * while stream threads come and go and close their transactional stores (the service's settings:
 * exactly-once, KIP-892 stores). Served as Micrometer's own binder serves them, this JVM dies
 * within a cycle or two (SIGSEGV in RocksDB's WriteBatch.getDataSize, a failed fork); served as
 * {@link KafkaClientMetrics} serves them, it lives. A Kafka upgrade that adds another metric unsafe
 * to read off its thread shows here too.
 */
class KafkaClientMetricsIT {

    private static final int CYCLES = 5;

    @TempDir Path dir;

    @Test
    void scrapingWhileStoresCloseNeverReadsWhatCrashesTheProcess() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 1 << 20, 0)) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("in", 4, (short) 1))).all().get();
            }
            KafkaStreams streams = new KafkaStreams(storingTopology(), properties(bootstrap));
            PrometheusMeterRegistry registry =
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong scrapes = new AtomicLong();
            Thread producer = new Thread(() -> produce(bootstrap, stop));
            Thread scraper =
                    new Thread(
                            () -> {
                                while (!stop.get()) {
                                    registry.scrape();
                                    scrapes.incrementAndGet();
                                }
                            });
            try (KafkaClientMetrics metrics =
                    KafkaClientMetrics.bind(registry, streams, Duration.ofMillis(50))) {
                streams.start();
                producer.start();
                scraper.start();
                // Each removed thread closes the stores of the tasks it had, each added one
                // opens some: the windows in which an unsafe gauge reads a closed write batch
                for (int i = 0; i < CYCLES; i++) {
                    streams.addStreamThread();
                    Thread.sleep(1500);
                    streams.removeStreamThread();
                    Thread.sleep(1500);
                }
                stop.set(true);
                scraper.join();
                producer.join();

                // Then the stores' gauges were there to be read, except the unsafe one
                String scrape = registry.scrape();
                assertThat(scrape).contains("kafka_stream_state_");
                assertThat(scrape).doesNotContain("kafka_stream_state_uncommitted_bytes");
                assertThat(scrapes.get()).isGreaterThan(CYCLES);
                // And the metric left out is one Kafka Streams still registers: if it goes, so
                // can the filter
                assertThat(streams.metrics().keySet())
                        .anyMatch(name -> KafkaClientMetrics.UNSAFE_TO_READ.contains(name.name()));
            } finally {
                stop.set(true);
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    private static org.apache.kafka.streams.Topology storingTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore("store"), Serdes.String(), Serdes.String()));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(
                        () ->
                                new Processor<String, String, Void, Void>() {
                                    private KeyValueStore<String, String> store;

                                    @Override
                                    public void init(ProcessorContext<Void, Void> context) {
                                        store = context.getStateStore("store");
                                    }

                                    @Override
                                    public void process(Record<String, String> record) {
                                        store.put(record.key(), record.value());
                                    }
                                },
                        "store");
        return builder.build();
    }

    private Properties properties(String bootstrap) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kafka-client-metrics-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        // The service's own guarantees (VerificationTopology.streamsProperties)
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        return props;
    }

    private static void produce(String bootstrap, AtomicBoolean stop) {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrap),
                        new StringSerializer(),
                        new StringSerializer())) {
            for (long i = 0; !stop.get(); i++) {
                producer.send(new ProducerRecord<>("in", "k" + (i % 1000), "v" + i));
                if (i % 200 == 0) {
                    Thread.sleep(5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
