package io.countersign.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The service's HTTP side: Prometheus metrics, liveness, readiness and whether a customer is
 * enrolled (metadata only: never images or embeddings, and no customer id in any log line).
 */
public final class HttpEndpoints implements AutoCloseable {

    /** Prometheus text format. */
    public static final String METRICS = "/metrics";

    /** 200 while the process serves HTTP and its stream has not failed for good. */
    public static final String LIVE = "/health/live";

    /**
     * 200 once the stream is RUNNING and the model is loaded and warmed up, and nothing it needs is
     * down (the schema registry, where one is configured); 503 says why not.
     */
    public static final String READY = "/health/ready";

    /** Followed by a customer id: whether and how that customer is enrolled. */
    public static final String CUSTOMERS = "/customers/";

    private final HttpServer server;
    private final KafkaStreams streams;
    private final TopologySettings settings;
    private final HostInfo self;

    private HttpEndpoints(
            HttpServer server, KafkaStreams streams, TopologySettings settings, HostInfo self) {
        this.server = server;
        this.streams = streams;
        this.settings = settings;
        this.self = self;
    }

    /**
     * Serves on {@code port} (0: any free port); {@code self} is this instance's address as the
     * other instances know it (Kafka Streams' application.server), to route customer queries;
     * {@code notReadyBecause} names anything else that makes the instance not ready.
     */
    public static HttpEndpoints start(
            int port,
            HostInfo self,
            PrometheusMeterRegistry registry,
            KafkaStreams streams,
            TopologySettings settings,
            Embedder embedder,
            Supplier<Optional<String>> notReadyBecause) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            HttpEndpoints endpoints = new HttpEndpoints(server, streams, settings, self);
            server.createContext(
                    METRICS,
                    ex -> respond(ex, 200, "text/plain; version=0.0.4", registry.scrape()));
            server.createContext(
                    LIVE,
                    ex -> {
                        // A stream in ERROR never recovers by itself: let the orchestrator restart.
                        boolean live = streams.state() != KafkaStreams.State.ERROR;
                        respond(
                                ex,
                                live ? 200 : 503,
                                "text/plain",
                                live ? "live\n" : "stream stopped after repeated failures\n");
                    });
            server.createContext(
                    READY,
                    ex -> {
                        Optional<String> blocked = notReadyBecause.get();
                        boolean running =
                                streams.state() == KafkaStreams.State.RUNNING
                                        && embedder.card() != null;
                        boolean ready = running && blocked.isEmpty();
                        respond(
                                ex,
                                ready ? 200 : 503,
                                "text/plain",
                                ready
                                        ? "ready\n"
                                        : "not ready: "
                                                + (running ? blocked.get() : streams.state())
                                                + "\n");
                    });
            server.createContext(CUSTOMERS, endpoints::customer);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return endpoints;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve HTTP on port " + port + ": change http.port", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void customer(HttpExchange exchange) throws IOException {
        String id =
                URLDecoder.decode(
                        exchange.getRequestURI().getPath().substring(CUSTOMERS.length()),
                        StandardCharsets.UTF_8);
        if (id.isEmpty()) {
            respond(exchange, 404, "application/json", "{\"error\":\"no customer id\"}\n");
            return;
        }
        String store = settings.stores().references();
        KeyQueryMetadata owner =
                streams.queryMetadataForKey(store, id, Serdes.String().serializer());
        if (owner != null
                && owner.activeHost() != null
                && !owner.activeHost().equals(HostInfo.unavailable())
                && !owner.activeHost().equals(self)) {
            exchange.getResponseHeaders()
                    .add(
                            "Location",
                            "http://"
                                    + owner.activeHost().host()
                                    + ":"
                                    + owner.activeHost().port()
                                    + exchange.getRequestURI().getRawPath());
            respond(
                    exchange,
                    307,
                    "application/json",
                    "{\"owner\":\"" + owner.activeHost() + "\"}\n");
            return;
        }
        ReadOnlyKeyValueStore<String, ReferenceSet> references;
        try {
            references =
                    streams.store(
                            StoreQueryParameters.fromNameAndType(
                                    store,
                                    QueryableStoreTypes.<String, ReferenceSet>keyValueStore()));
        } catch (RuntimeException e) {
            respond(exchange, 503, "application/json", "{\"error\":\"store not ready\"}\n");
            return;
        }
        ReferenceSet set = references.get(id);
        String body =
                set == null
                        ? "{\"enrolled\":false}\n"
                        : String.format(
                                "{\"enrolled\":true,\"references\":%d,\"bitonalReferences\":%s,"
                                        + "\"broaderPen\":%d,"
                                        + "\"modelVersion\":\"%s\",\"enrolledAt\":\"%s\"}%n",
                                set.referenceIds().size(),
                                set.bitonalReferences(),
                                set.broaderPen(),
                                set.modelVersion().replace("\"", ""),
                                set.enrolledAt());
        respond(exchange, set == null ? 404 : 200, "application/json", body);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
