# syntax=docker/dockerfile:1
# One image recipe for all five services and the web console; the module is a build argument (docker-compose.yml sets it):
#
#   docker build --build-arg MODULE=stt-service --build-arg HEALTH_URL=http://localhost:9192/actuator/health/readiness .
#
# Stage 1 builds the module and what it needs with Maven on JDK 25; stage 2 runs it on a JRE 25 as a
# non-root user, from Spring Boot's extracted layers: dependencies change rarely, the application often, so a
# rebuild after a code change ships one small layer instead of the whole jar.

ARG JDK_IMAGE=maven:3.9-eclipse-temurin-25
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS build
ARG MODULE
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache: the second image (and every rebuild) downloads nothing again.
# Tests are not run here: they run in CI (./voice test), against a real broker this build has not got.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "build with --build-arg MODULE=<gateway|stt-service|dialog-service|tts-service|whatsapp-service|console>"; exit 1; } \
 && mvn -B -q -pl "${MODULE}" -am -Dmaven.test.skip=true package \
 && java -Djarmode=tools -jar "${MODULE}"/target/"${MODULE}"-*-exec.jar extract --layers --launcher --destination /layers

FROM ${JRE_IMAGE}
ARG MODULE
# Where the image's HEALTHCHECK asks whether the service is ready (its readiness path on its HTTP or
# management port); docker-compose.yml gives each service its own, and the compose test checks them.
ARG HEALTH_URL
# Extra Debian packages the module needs at run time (tts-service: espeak-ng, its offline voice).
ARG APT_PACKAGES=""
RUN test -n "${HEALTH_URL}" || { echo "build with --build-arg HEALTH_URL=http://localhost:<port>/<readiness path>"; exit 1; } \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl ${APT_PACKAGES} \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin voice
WORKDIR /app
COPY --from=build --chown=voice /layers/dependencies/ ./
COPY --from=build --chown=voice /layers/spring-boot-loader/ ./
COPY --from=build --chown=voice /layers/snapshot-dependencies/ ./
COPY --from=build --chown=voice /layers/application/ ./
USER voice
ENV VOICE_MODULE=${MODULE} \
    VOICE_HEALTH_URL=${HEALTH_URL} \
    VOICE_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# A service needs its broker's metadata and its consumer groups before it is ready: give it two minutes.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD curl -fsS --max-time 2 -o /dev/null "$VOICE_HEALTH_URL" || exit 1
# exec: the JVM is PID 1's replacement, so docker stop's SIGTERM reaches it (the gateway drains its calls).
ENTRYPOINT ["sh", "-c", "exec java $VOICE_JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher"]
