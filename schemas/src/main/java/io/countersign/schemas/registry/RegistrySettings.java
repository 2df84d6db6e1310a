package io.countersign.schemas.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a schema registry that speaks the Confluent REST API (Confluent Schema Registry, or
 * Apicurio Registry under {@code /apis/ccompat/v7}).
 *
 * @param url the API's base URL, e.g. {@code http://registry:8080/apis/ccompat/v7}
 * @param userInfo {@code user:password} for HTTP basic authentication, if the registry wants it
 * @param trustStore the certificates to trust for {@code https}, else the JVM's default
 * @param keyStore a client certificate for mutual TLS, if the registry wants one
 * @param requestTimeout how long one HTTP request may take before the registry counts as down
 * @param lookupMaxWait how long a stream thread keeps retrying an unanswered schema lookup before
 *     it gives up (the thread is then replaced and the record read again, never dead-lettered)
 */
public record RegistrySettings(
        URI url,
        Optional<String> userInfo,
        Optional<KeyMaterial> trustStore,
        Optional<KeyMaterial> keyStore,
        Duration requestTimeout,
        Duration lookupMaxWait) {

    /** A trust or key store file: PKCS12 or JKS. */
    public record KeyMaterial(Path location, String password, String type) {
        public KeyMaterial {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return type + " " + location; // never the password
        }
    }

    public RegistrySettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(userInfo, "userInfo");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("a registry URL must be http or https: " + url);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
        if (lookupMaxWait.isNegative()) {
            throw new IllegalArgumentException("the lookup wait must not be negative");
        }
    }

    /** Plain HTTP without authentication, with the default timeouts (tests, tools). */
    public static RegistrySettings of(URI url) {
        return new RegistrySettings(
                url,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(5),
                Duration.ofMinutes(2));
    }

    @Override
    public String toString() {
        return "RegistrySettings[" + url + (userInfo.isPresent() ? ", basic auth" : "") + "]";
    }
}
