# The probe (probe/target/probe.jar, from `./mvnw package`) as an image, for deploy/k8s/probe. The build
# context is probe/target, where the jar is (the root's .dockerignore sends only the services' and the load
# tests' files):
#   docker build -f docker/probe.Dockerfile -t keepalive-lab/probe:local probe/target
# Same base image as the services, no build stage that pulls another image (docker/service.Dockerfile).
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home --home-dir /app keepalive
WORKDIR /app
COPY probe.jar ./
USER keepalive
LABEL org.opencontainers.image.title="keepalive-lab probe"
# Arguments are the probe's: a URL and options (java -jar probe.jar --help).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/probe.jar"]
