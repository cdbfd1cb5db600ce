# One image per service, from the runnable jar that `./mvnw package` built on the host; docker-compose.yml
# passes SERVICE and PORT. Both stages use the base image alone: no build stage that pulls another image,
# no `# syntax=` line (the CI machine has no container registry; scripts/base-image.sh builds the base).
FROM eclipse-temurin:21-jre AS layers
ARG SERVICE
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /layers
COPY ${SERVICE}/target/${SERVICE}-${VERSION}-exec.jar app.jar
# Spring Boot's layers, least changing first, so a code change rebuilds only the last, small layer.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre
ARG SERVICE
ARG PORT
RUN useradd --system --uid 10001 --no-create-home --home-dir /app keepalive
WORKDIR /app
COPY docker/service-entrypoint.sh /usr/local/bin/service-entrypoint
# Where the TLS transports find their certificates (compose mounts its certs volume here); unused without one.
ENV KEEPALIVE_LAB_TLS_DIR=/certs
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER keepalive
LABEL org.opencontainers.image.title="keepalive-lab ${SERVICE}"
EXPOSE ${PORT}
# Starts java as PID 1 with the heap following the container's memory limit, and under a TLS transport
# profile turns the downstream URLs to https:// (docker/service-entrypoint.sh).
ENTRYPOINT ["sh", "/usr/local/bin/service-entrypoint"]
