package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The console's executable jar holds the analyst's reading of the topics and none of the services: a service's
 * jar inside it brings the platform's Kafka auto-configuration, which checks a broker at localhost:9092 and stopped
 * the console (and with it ./voice up) whenever KAFKA_PORT was another port.
 */
class ConsoleJarTest {

  @Test
  void theConsoleJarHoldsNoServiceAndNoPlatformLibrary() throws Exception {
    List<String> libraries;
    try (ZipFile jar = new ZipFile(ServiceProcess.execJar("console").toFile())) {
      libraries = Collections.list(jar.entries()).stream().map(ZipEntry::getName)
          .filter(name -> name.startsWith("BOOT-INF/lib/")).map(name -> name.substring("BOOT-INF/lib/".length())).toList();
    }

    assertThat(libraries).anyMatch(name -> name.startsWith("analyst-"));
    assertThat(libraries).noneMatch(name -> name.matches("(gateway|stt-service|dialog-service|tts-service|whatsapp-service"
        + "|platform)-.*\\.jar") || name.startsWith("spring-kafka-"));
  }
}
