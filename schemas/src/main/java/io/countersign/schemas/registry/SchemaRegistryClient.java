package io.countersign.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few calls of the Confluent Schema Registry REST API (v7) the service needs, over the JDK's
 * HTTP client. Works against Confluent Schema Registry and Apicurio Registry's Confluent-compatible
 * API alike. Thread-safe.
 *
 * <p>Why not a library: Confluent's own client is not on Maven Central, and Apicurio's client
 * speaks Apicurio's native API, which a Confluent registry does not have. The five calls below are
 * the whole surface the service uses.
 */
public final class SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final Optional<String> authorization;
    private final Duration timeout;

    private SchemaRegistryClient(
            HttpClient http, String base, Optional<String> authorization, Duration timeout) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** A client of the registry the settings describe; connects lazily. */
    public static SchemaRegistryClient connect(RegistrySettings settings) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        if (settings.trustStore().isPresent() || settings.keyStore().isPresent()) {
            builder.sslContext(sslContext(settings));
        }
        String base = settings.url().toString();
        return new SchemaRegistryClient(
                builder.build(),
                base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
                settings.userInfo()
                        .map(
                                info ->
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                info.getBytes(
                                                                        StandardCharsets.UTF_8))),
                settings.requestTimeout());
    }

    /** A schema as the registry holds it. */
    public record RegisteredSchema(int id, int version, String schemaType, String schema) {}

    /** The schema registered under {@code id}; empty when the registry has no such id. */
    public Optional<RegisteredSchema> schemaById(int id) {
        return get("/schemas/ids/" + id)
                .map(
                        body ->
                                new RegisteredSchema(
                                        id,
                                        0,
                                        body.path("schemaType").asText("AVRO"),
                                        body.path("schema").asText()));
    }

    /** The newest version under {@code subject}; empty when the subject has none. */
    public Optional<RegisteredSchema> latest(String subject) {
        return get("/subjects/" + encode(subject) + "/versions/latest")
                .map(
                        body ->
                                new RegisteredSchema(
                                        body.path("id").asInt(),
                                        body.path("version").asInt(),
                                        body.path("schemaType").asText("AVRO"),
                                        body.path("schema").asText()));
    }

    /**
     * Registers an Avro schema under {@code subject} (a no-op that returns the same id when that
     * schema is already there) and returns its id.
     */
    public int register(String subject, String avroSchema) {
        ObjectNode request = JSON.createObjectNode().put("schema", avroSchema);
        JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", request);
        return body.path("id").asInt();
    }

    /** Sets the compatibility level of {@code subject}, e.g. {@code BACKWARD}. */
    public void setCompatibility(String subject, String level) {
        send(
                "PUT",
                "/config/" + encode(subject),
                JSON.createObjectNode().put("compatibility", level));
    }

    /** Where the client sends its requests, for messages. */
    public String baseUrl() {
        return base;
    }

    /** A GET whose 404 means "not there". */
    private Optional<JsonNode> get(String path) {
        return Optional.ofNullable(exchange("GET", path, null));
    }

    /** A write, for which a 404 is an error like any other. */
    private JsonNode send(String method, String path, JsonNode body) {
        JsonNode answer = exchange(method, path, body);
        if (answer == null) {
            throw new RegistryRejectedException(404, 404, method + " " + path + " answered 404");
        }
        return answer;
    }

    /** The answer's JSON, or null for a 404. */
    private JsonNode exchange(String method, String path, JsonNode body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(timeout)
                        .header("Accept", CONTENT_TYPE + ", application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryUnavailableException(
                    "schema registry at " + base + " unreachable (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while asking " + base, e);
        }
        return answer(method, path, response);
    }

    private JsonNode answer(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            return json;
        }
        String message = json.path("message").asText(response.body());
        if (status == 404) {
            return null;
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new RegistryUnavailableException(
                    "schema registry at " + base + " answered " + status + ": " + message, null);
        }
        throw new RegistryRejectedException(
                status,
                json.path("error_code").asInt(0),
                method + " " + path + " answered " + status + ": " + message);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SSLContext sslContext(RegistrySettings settings) {
        try {
            TrustManagerFactory trust = null;
            if (settings.trustStore().isPresent()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(settings.trustStore().get()));
            }
            KeyManagerFactory keys = null;
            if (settings.keyStore().isPresent()) {
                RegistrySettings.KeyMaterial store = settings.keyStore().get();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(store), password(store));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(),
                    trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(RegistrySettings.KeyMaterial store)
            throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance(store.type());
        try (InputStream in = Files.newInputStream(store.location())) {
            keyStore.load(in, password(store));
        }
        return keyStore;
    }

    private static char[] password(RegistrySettings.KeyMaterial store) {
        return store.password() == null ? null : store.password().toCharArray();
    }
}
