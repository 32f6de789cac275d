package org.issastream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.issastream.schemas.registry.InMemorySchemaRegistryClient;
import org.issastream.schemas.registry.RestSchemaRegistryClient;
import org.issastream.schemas.registry.SchemaRegistryClient;

/** Builds the registry client an {@link AvroSerdeConfig} describes. */
public final class RegistryClients {
  private RegistryClients() {}

  /**
   * {@code mock://SCOPE} gives the scope's shared in-memory registry; http(s) URLs a
   * {@link RestSchemaRegistryClient} with the configured auth, TLS and timeout.
   */
  public static SchemaRegistryClient create(AvroSerdeConfig config) {
    List<String> urls = config.registryUrls();
    String first = urls.get(0);
    if (first.startsWith(InMemorySchemaRegistryClient.MOCK_SCHEME)) {
      if (urls.size() > 1) {
        throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, urls, "a mock:// URL must be the only URL");
      }
      return InMemorySchemaRegistryClient.forScope(first.substring(InMemorySchemaRegistryClient.MOCK_SCHEME.length()));
    }
    String userInfo = config.basicAuthUserInfo();
    List<String> clean = new ArrayList<>();
    for (String u : urls) {
      URI uri = URI.create(u);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, u, "expected an http(s):// or mock:// URL");
      }
      if (uri.getUserInfo() != null) {
        if ("URL".equals(config.getString(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE))) {
          userInfo = uri.getUserInfo();
        }
        u = u.replace(uri.getRawUserInfo() + "@", "");
      }
      clean.add(u);
    }
    return new RestSchemaRegistryClient(clean, userInfo, sslContext(config),
        Duration.ofMillis(config.getInt(AvroSerdeConfig.REQUEST_TIMEOUT_MS)));
  }

  private static SSLContext sslContext(AvroSerdeConfig config) {
    String location = config.getString(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION);
    if (location == null || location.isBlank()) {
      return null;
    }
    Password password = config.getPassword(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      KeyStore ks = KeyStore.getInstance(config.getString(AvroSerdeConfig.SSL_TRUSTSTORE_TYPE));
      ks.load(in, password == null ? null : password.value().toCharArray());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, location, "cannot load trust store: " + e);
    }
  }
}
