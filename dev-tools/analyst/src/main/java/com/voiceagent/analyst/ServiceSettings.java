package com.voiceagent.analyst;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.UrlResource;

/**
 * A service's settings record bound as that service binds it: its own application.yml (read from the service's
 * jar, not whichever application.yml comes first on the classpath), its placeholders resolved from the given
 * environment, so rerun's engine B gets the same defaults and environment variables as the running service.
 * {@code overrides} (property name to value) win over both: the one thing B changes.
 */
final class ServiceSettings {
  private ServiceSettings() {}

  /** {@code type}: the service's settings record, which also tells whose jar's application.yml to read. */
  static <T> T bind(String prefix, Class<T> type, Map<String, String> env, Map<String, String> overrides) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addLast(new MapPropertySource("rerun", Map.copyOf(overrides)));
    sources.addLast(new MapPropertySource("environment", Map.copyOf(env)));
    try {
      new YamlPropertySourceLoader().load("application.yml", new UrlResource(applicationYml(type))).forEach(sources::addLast);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the application.yml of " + type.getName() + "'s jar", e);
    }
    Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
    return binder.bindOrCreate(prefix, type);
  }

  /** The application.yml next to the class: in its jar, or in its classes directory (a reactor build). */
  private static URL applicationYml(Class<?> ofService) throws IOException {
    URL location = ofService.getProtectionDomain().getCodeSource().getLocation();
    String text = location.toString();
    return text.endsWith(".jar") ? URI.create("jar:" + text + "!/application.yml").toURL()
        : URI.create(text + (text.endsWith("/") ? "" : "/") + "application.yml").toURL();
  }
}
