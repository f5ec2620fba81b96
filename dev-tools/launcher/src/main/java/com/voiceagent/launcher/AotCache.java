package com.voiceagent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * JDK 25's ahead-of-time cache of each service (JEPs 483 and 515): the classes a training run loaded and linked
 * and the profiles of the methods it ran, kept in {@code <VOICE_HOME>/aot/<module>/<module>.aot} and mapped by
 * every later start, so the first call no longer pays for loading the engines' SDKs, Kafka's clients and the
 * serdes (docs/benchmarks.md, "first call after a start").
 *
 * <p>A cache holds only classes that the JDK's own class loaders load, never those inside a Spring Boot jar's
 * nested jars: a service with a cache therefore runs from its jar as Spring Boot's {@code tools} jar mode
 * extracts it (a plain jar, its libraries in {@code lib/}), kept next to the cache. When a build changes what a
 * module's executable jar holds, its extraction and cache are dropped, and made again by the next training run.
 *
 * <p>Training is the JDK's two-step workflow: a run with {@code -XX:AOTMode=record} writes the configuration
 * when the JVM exits, then {@code -XX:AOTMode=create} makes the cache from it without running the service.
 */
final class AotCache {
  static final int FIRST_JDK = 25;
  /** Making one cache from its configuration took 17-33 s on two busy cores. */
  static final Duration CREATE_LIMIT = Duration.ofMinutes(5);
  /** Classes the JDK declines to store (proxies, multi-release variants) are logged as warnings: expected, not news. */
  private static final String QUIET = "-Xlog:aot=error";

  /** Turns an executable jar into a plain jar in a folder (its libraries beside it); Spring Boot's in production. */
  @FunctionalInterface
  interface Extraction {
    void extract(Path execJar, Path destination) throws IOException;
  }

  private final Path root;
  private final Extraction extraction;
  /** Each executable jar's stamp, computed once per launcher run: the jars do not change while it runs. */
  private final java.util.Map<Path, String> stamps = new java.util.concurrent.ConcurrentHashMap<>();

  AotCache(Path home) {
    this(home, AotCache::springBootExtraction);
  }

  AotCache(Path home, Extraction extraction) {
    this.root = home.resolve("aot");
    this.extraction = extraction;
  }

  /** Whether the JDK the services run on (the launcher's own) can record and map AOT caches. */
  static boolean jdkSupportsIt(Runtime.Version version) {
    return version.feature() >= FIRST_JDK;
  }

  Path cacheFile(String module) {
    return root.resolve(module).resolve(module + ".aot");
  }

  private Path configurationFile(String module) {
    return root.resolve(module).resolve(module + ".aotconf");
  }

  private Path stampFile(String module) {
    return root.resolve(module).resolve("source");
  }

  private Path extractedJar(String module, Path execJar) {
    return root.resolve(module).resolve("app").resolve(execJar.getFileName());
  }

  /** A cache made from this very executable jar. */
  boolean isCurrent(String module, Path execJar) {
    return Files.isRegularFile(cacheFile(module)) && stampMatches(module, execJar)
        && Files.isRegularFile(extractedJar(module, execJar));
  }

  /** Drops the extraction and cache of an older build of the module, if any. */
  void dropIfStale(String module, Path execJar) {
    if (Files.exists(root.resolve(module)) && !stampMatches(module, execJar)) {
      deleteRecursively(root.resolve(module));
    }
  }

  /** {@code java <options> -XX:AOTCache=<cache> -jar <extracted jar>}: a start that maps the cache. */
  List<String> useCommand(List<String> jvmOptions, String module, Path execJar) {
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-XX:AOTCache=" + cacheFile(module));
    return JavaCommand.jar(options, extractedJar(module, execJar));
  }

  /** A training run: the service as usual, writing what it loaded and ran to the configuration when it exits. */
  List<String> recordCommand(List<String> jvmOptions, String module, Path execJar) {
    Path jar = extract(module, execJar);
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-XX:AOTMode=record");
    options.add("-XX:AOTConfiguration=" + configurationFile(module));
    options.add(QUIET);
    return JavaCommand.jar(options, jar);
  }

  /**
   * Makes the cache from the configuration a training run recorded (the service does not run), with the JVM
   * options the service will run with: the JDK maps a cache only into a JVM configured like the one that made it.
   *
   * @return why it could not be made, or null when it was
   */
  String create(List<String> jvmOptions, String module, Path execJar, Path log) {
    Path configuration = configurationFile(module);
    if (!Files.isRegularFile(configuration)) {
      return "the training run recorded nothing for " + module;
    }
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaExecutable().toString());
    command.add(JavaCommand.sameTemporaryFolder());
    command.addAll(jvmOptions);
    command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + cacheFile(module),
        QUIET, "-jar", extractedJar(module, execJar).toString()));
    try {
      Files.createDirectories(log.getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(CREATE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return "making the cache of " + module + " took longer than " + CREATE_LIMIT.toMinutes() + " minutes";
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(cacheFile(module))) {
        return "making the cache of " + module + " failed (exit " + process.exitValue() + "; " + log + ")";
      }
      return null;
    } catch (IOException e) {
      return "cannot make the cache of " + module + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      try {
        Files.deleteIfExists(configuration); // 85-115 MB each, of no use once the cache is made
      } catch (IOException e) {
        // Stays until the next training run replaces it.
      }
    }
  }

  /** The module's executable jar extracted for a plain {@code java -jar}, once per build of it. */
  private Path extract(String module, Path execJar) {
    Path jar = extractedJar(module, execJar);
    if (stampMatches(module, execJar) && Files.isRegularFile(jar)) {
      return jar;
    }
    deleteRecursively(root.resolve(module));
    try {
      Files.createDirectories(root.resolve(module));
      extraction.extract(execJar, jar.getParent());
      Files.writeString(stampFile(module), stamp(execJar), StandardCharsets.UTF_8);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + execJar + " for its AOT cache: " + e.getMessage(), e);
    }
  }

  private boolean stampMatches(String module, Path execJar) {
    try {
      Path stamp = stampFile(module);
      return Files.isRegularFile(stamp) && Files.readString(stamp, StandardCharsets.UTF_8).equals(stamp(execJar));
    } catch (IOException e) {
      return false;
    }
  }

  private String stamp(Path execJar) throws IOException {
    try {
      return stamps.computeIfAbsent(execJar, jar -> {
        try {
          return stampOf(jar);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * What the executable jar holds, not when it was written: every build writes the jar anew (new times in its
   * entries and in the jars of this project's own modules inside it), and a cache is dropped only when the code
   * changed. Third-party jars inside are named by version and compared by the checksum the jar keeps of each;
   * this project's own jars inside ({@code -SNAPSHOT}) are read, their entries' names and contents digested.
   * Under half a second per service.
   */
  static String stampOf(Path execJar) throws IOException {
    MessageDigest digest = sha256();
    try (ZipFile jar = new ZipFile(execJar.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
        digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
        if (entry.getName().endsWith("-SNAPSHOT.jar")) {
          digestContents(jar.getInputStream(entry), digest);
        } else {
          digest.update(Long.toString(entry.getCrc()).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void digestContents(InputStream nestedJar, MessageDigest digest) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(nestedJar)) {
      byte[] buffer = new byte[64 * 1024];
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
        for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Spring Boot's tools jar mode: {@code <destination>/<jar name>} with its libraries in {@code lib/}. */
  static void springBootExtraction(Path execJar, Path destination) throws IOException {
    List<String> command = List.of(JavaCommand.javaExecutable().toString(), JavaCommand.sameTemporaryFolder(),
        "-Djarmode=tools", "-jar", execJar.toString(), "extract", "--destination", destination.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("extraction failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while extracting");
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
