package io.countersign.streams.app;

import io.countersign.schemas.serde.EventFormats;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.http.HttpEndpoints;
import io.countersign.streams.inference.OnnxEmbedder;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import io.countersign.streams.kafka.TopicProvisioner;
import io.countersign.streams.metrics.EnrolledSpreadGauges;
import io.countersign.streams.metrics.ExpectedReferralGauges;
import io.countersign.streams.metrics.KafkaClientMetrics;
import io.countersign.streams.metrics.MeteredEmbedder;
import io.countersign.streams.metrics.PipelineMetrics;
import io.countersign.streams.metrics.SentRecordsInterceptor;
import io.countersign.streams.metrics.StoreGauges;
import io.countersign.streams.registry.RegistryConnection;
import io.countersign.streams.topology.TopologySettings;
import io.countersign.streams.topology.VerificationTopology;
import io.countersign.streams.verification.ScoringRules;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: (embedded) Kafka, topics, the embedder, the topology in Kafka Streams with
 * exactly-once, and the HTTP endpoints. {@link #start} returns once the stream is RUNNING.
 */
public final class CountersignService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CountersignService.class);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final OnnxEmbedder embedder;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final KafkaClientMetrics kafkaMetrics;
    private final HttpEndpoints http;
    private final TopologySettings settings;
    private final String applicationId;

    private CountersignService(
            EmbeddedKafkaBroker broker,
            String bootstrapServers,
            OnnxEmbedder embedder,
            KafkaStreams streams,
            PrometheusMeterRegistry registry,
            KafkaClientMetrics kafkaMetrics,
            HttpEndpoints http,
            TopologySettings settings,
            String applicationId) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.embedder = embedder;
        this.streams = streams;
        this.registry = registry;
        this.kafkaMetrics = kafkaMetrics;
        this.http = http;
        this.settings = settings;
        this.applicationId = applicationId;
    }

    /** Starts everything the configuration describes and waits until the stream is RUNNING. */
    public static CountersignService start(ServiceConfig config) {
        TopologySettings settings = config.topology();
        EmbeddedKafkaBroker broker = null;
        OnnxEmbedder embedder = null;
        try {
            // The model first: a wrong model directory or card fails start-up in a second,
            // before a broker is started or a topic created.
            embedder = OnnxEmbedder.open(config.modelDir(), config.inference());
            // Then the schema registry, if any: an incompatible subject is refused here.
            Optional<RegistryConnection> registryLink =
                    config.schemaRegistry()
                            .map(r -> RegistryConnection.forService(r, settings.topics()));
            EventFormats formats =
                    registryLink
                            .map(RegistryConnection::formats)
                            .orElse(EventFormats.singleObject());
            String bootstrap = config.bootstrapServers().orElse(null);
            if (bootstrap == null) {
                broker =
                        EmbeddedKafkaBroker.start(
                                config.embeddedKafkaDir(),
                                config.maxRecordBytes() + (1 << 20),
                                config.embeddedKafkaPort());
                bootstrap = broker.bootstrapServers();
            }
            provisionTopics(config, bootstrap, settings);
            PrometheusMeterRegistry registry =
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            PipelineMetrics metrics = new PipelineMetrics(registry);
            Topology topology =
                    VerificationTopology.build(
                            settings, formats, new MeteredEmbedder(embedder, metrics), metrics);
            log.info("Topology:\n{}", topology.describe());
            Properties props = streamsProperties(config, bootstrap);
            log.info(
                    "Group membership: {}, session timeout {} ms, heartbeat {} ms",
                    GroupMembership.instanceId(config, System.getenv())
                            .map(id -> "static as " + id)
                            .orElse("dynamic (group.instance-id=none)"),
                    config.sessionTimeoutMs(),
                    config.heartbeatIntervalMs());
            countSentRecords(props, metrics, settings, formats);
            KafkaStreams streams = new KafkaStreams(topology, props);
            KafkaClientMetrics kafkaMetrics =
                    KafkaClientMetrics.bind(
                            registry, streams, config.kafkaMetricsRefreshInterval());
            bindMetrics(registry, embedder);
            ExpectedReferralGauges.bind(
                    registry,
                    embedder.card(),
                    ScoringRules.bandAsFitted(
                            embedder.card(),
                            settings.aggregationOverride(),
                            settings.thresholdOverride()));
            StoreGauges.bind(
                    registry, streams, settings.stores().references(), settings.stores().pending());
            EnrolledSpreadGauges.bind(
                    registry, streams, settings.stores().references(), embedder.card());
            HttpEndpoints http =
                    HttpEndpoints.start(
                            config.httpPort(),
                            config.applicationServer(),
                            registry,
                            streams,
                            settings,
                            embedder,
                            registryLink
                                    .map(RegistryConnection::notReadyBecause)
                                    .orElse(Optional::empty));
            CountersignService service =
                    new CountersignService(
                            broker,
                            bootstrap,
                            embedder,
                            streams,
                            registry,
                            kafkaMetrics,
                            http,
                            settings,
                            config.applicationId());
            streams.setUncaughtExceptionHandler(service::onStreamThreadFailure);
            streams.start();
            service.awaitRunning();
            return service;
        } catch (RuntimeException e) {
            if (embedder != null) {
                embedder.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private final StreamThreadFailures threadFailures =
            new StreamThreadFailures(5, Duration.ofMinutes(1));

    /**
     * Bad input never reaches here (it is dead-lettered); what does is a failure of the service
     * itself, such as an embedder error on a batch: the thread is replaced and the batch retried,
     * unless failures keep coming back; then the stream goes to ERROR, /health/live turns 503 and
     * serve exits 1 (see {@link StreamThreadFailures}). Only the exception's type and message are
     * logged: never record contents.
     */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(
            Throwable failure) {
        StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response =
                threadFailures.onFailure(Instant.now());
        log.error(
                "A stream thread failed ({}): {}",
                response
                                == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                                        .REPLACE_THREAD
                        ? "replaced, its uncommitted work is retried"
                        : "too often within a minute, stopping",
                failure.toString());
        return response;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public TopologySettings settings() {
        return settings;
    }

    /** Kafka Streams' application id: the consumer group whose offsets say what was processed. */
    public String applicationId() {
        return applicationId;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops taking work, commits, closes the stream, the embedder and the embedded broker. */
    @Override
    public void close() {
        log.info("Shutting down: closing the stream (commits what is processed)");
        http.close();
        streams.close(Duration.ofSeconds(30));
        kafkaMetrics.close();
        embedder.close();
        registry.close();
        if (broker != null) {
            broker.close();
        }
        log.info("Shut down cleanly");
    }

    private void awaitRunning() {
        Instant deadline = Instant.now().plus(RUNNING_TIMEOUT);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (!streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                close();
                throw new IllegalStateException(
                        "Kafka Streams stopped during start-up in state " + streams.state());
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException(
                        "Kafka Streams did not reach RUNNING within "
                                + RUNNING_TIMEOUT.toSeconds()
                                + " s: check kafka.bootstrap.servers and the broker");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during start-up", e);
            }
        }
        log.info(
                "Countersign is RUNNING (Kafka at {}, HTTP on :{})", bootstrapServers, http.port());
    }

    private static void provisionTopics(
            ServiceConfig config, String bootstrap, TopologySettings settings) {
        Properties props = config.kafkaProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            if (config.createTopics()) {
                provisioner.createMissing(
                        settings.topics(),
                        config.topicPartitions(),
                        config.topicReplication(),
                        config.maxRecordBytes());
            }
            provisioner.checkCoPartitioned(settings.topics());
        }
    }

    private static Properties streamsProperties(ServiceConfig config, String bootstrap) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.putAll(VerificationTopology.streamsProperties(config.topology()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.putAll(GroupMembership.consumerProperties(config, System.getenv()));
        HostInfo self = config.applicationServer();
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // Exactly-once commits every 100 ms by default; a micro-batch is flushed more often.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return props;
    }

    private static void countSentRecords(
            Properties props,
            PipelineMetrics metrics,
            TopologySettings settings,
            EventFormats formats) {
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG),
                SentRecordsInterceptor.class.getName());
        props.put(
                StreamsConfig.producerPrefix(SentRecordsInterceptor.SETTINGS),
                new SentRecordsInterceptor.Settings(
                        metrics,
                        settings.topics().verdicts(),
                        settings.topics().requestsDlq(),
                        settings.topics().enrollmentsDlq(),
                        formats.verdict().deserializer()));
    }

    private static void bindMetrics(PrometheusMeterRegistry registry, OnnxEmbedder embedder) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        FunctionCounter.builder("countersign.model.runs", embedder, OnnxEmbedder::modelRuns)
                .description("Model runs, each over one batch merged from the callers' batches")
                .register(registry);
        FunctionCounter.builder(
                        "countersign.model.run.images", embedder, OnnxEmbedder::modelRunImages)
                .description("Images embedded by those runs (÷ runs: the batch the model sees)")
                .baseUnit("images")
                .register(registry);
        Gauge.builder("countersign.model.info", () -> 1)
                .description("The served model: its version and the inference device")
                .tag("model_version", embedder.card().version())
                .tag("device", embedder.device())
                .register(registry);
    }
}
