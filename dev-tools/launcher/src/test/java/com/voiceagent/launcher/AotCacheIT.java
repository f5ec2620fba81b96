package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK's real two-step AOT workflow, through the commands the launcher builds, on a small program. */
class AotCacheIT {
  @TempDir Path dir;
  private Path plainJar;
  private Path execJar;
  private AotCache cache;

  @BeforeEach
  void buildAProgram() throws Exception {
    assumeThat(AotCache.jdkSupportsIt(Runtime.version())).as("AOT caches need JDK 25; this is " + Runtime.version()).isTrue();
    Path source = dir.resolve("src/Main.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        public class Main {
          public static void main(String[] args) throws Exception {
            // Something worth caching: the HTTP client's classes, loaded and linked.
            java.net.http.HttpClient.newHttpClient();
            System.out.println("ran");
          }
        }
        """);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()))
        .isZero();
    plainJar = dir.resolve("program.jar");
    writeJar(plainJar, "Main.class", Files.readAllBytes(classes.resolve("Main.class")));
    execJar = dir.resolve("target/program-exec.jar");
    Files.createDirectories(execJar.getParent());
    Files.copy(plainJar, execJar);
    // Stands in for Spring Boot's extraction, which needs a Spring Boot jar.
    cache = new AotCache(dir.resolve("home"), (exec, destination) -> {
      Files.createDirectories(destination);
      Files.copy(plainJar, destination.resolve(exec.getFileName()));
    });
  }

  @Test
  void aRecordedRunThenCreateMakesACacheThatAStartMaps() throws Exception {
    assertThat(cache.isCurrent("program", execJar)).isFalse();

    assertThat(run(cache.recordCommand(List.of(), "program", execJar))).contains("ran");
    assertThat(cache.create(List.of(), "program", execJar, dir.resolve("create.log"))).isNull();

    assertThat(cache.isCurrent("program", execJar)).isTrue();
    assertThat(Files.size(cache.cacheFile("program"))).isGreaterThan(1_000_000);
    // -XX:AOTMode=on: the JVM refuses to start unless it maps the cache.
    List<String> use = new ArrayList<>(cache.useCommand(List.of("-XX:AOTMode=on"), "program", execJar));
    assertThat(run(use)).contains("ran");
  }

  @Test
  void aBuildThatChangesTheCodeDropsTheOldExtractionAndCache() throws Exception {
    makeCache();

    writeJar(execJar, "Main.class", Files.readAllBytes(dir.resolve("classes/Main.class")), "changed.txt");
    AotCache nextStart = new AotCache(dir.resolve("home"), (exec, destination) -> { });
    assertThat(nextStart.isCurrent("program", execJar)).isFalse();
    nextStart.dropIfStale("program", execJar);

    assertThat(nextStart.cacheFile("program").getParent()).doesNotExist();
  }

  @Test
  void aBuildThatOnlyRewritesTheJarKeepsTheCache() throws Exception {
    makeCache();

    // What every build does to an unchanged module: the jar written again, at another time.
    Files.delete(execJar);
    Files.copy(plainJar, execJar);
    Files.setLastModifiedTime(execJar, FileTime.from(Instant.now().plusSeconds(60)));
    AotCache nextStart = new AotCache(dir.resolve("home"), (exec, destination) -> { });
    nextStart.dropIfStale("program", execJar);

    assertThat(nextStart.isCurrent("program", execJar)).isTrue();
  }

  private void makeCache() throws Exception {
    run(cache.recordCommand(List.of(), "program", execJar));
    assertThat(cache.create(List.of(), "program", execJar, dir.resolve("create.log"))).isNull();
  }

  @Test
  void withoutARecordedConfigurationNoCacheIsMadeAndTheReasonIsGiven() {
    assertThat(cache.create(List.of(), "program", execJar, dir.resolve("create.log")))
        .isEqualTo("the training run recorded nothing for program");
  }

  @Test
  void springBootExtractsAServiceJarIntoAPlainJarWithItsLibraries() throws Exception {
    Path console = ServiceInstance.execJar(Path.of("../..").toAbsolutePath().normalize(), "console");
    assumeThat(Files.isRegularFile(console)).as("the console's executable jar is built before this module: " + console)
        .isTrue();

    AotCache.springBootExtraction(console, dir.resolve("console"));

    assertThat(dir.resolve("console").resolve(console.getFileName())).isRegularFile();
    try (var libs = Files.list(dir.resolve("console/lib"))) {
      assertThat(libs.filter(p -> p.getFileName().toString().startsWith("spring-boot-")).count()).isPositive();
    }
  }

  private static void writeJar(Path path, String entry, byte[] content, String... emptyEntries) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
    try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.putNextEntry(new JarEntry(entry));
      jar.write(content);
      jar.closeEntry();
      for (String empty : emptyEntries) {
        jar.putNextEntry(new JarEntry(empty));
        jar.closeEntry();
      }
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
