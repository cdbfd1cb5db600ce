# The compose `load` service: ChainSimulation (Gatling) with plain java, from the classes and the
# dependency jars that `./mvnw package` left in load-tests/target. Same base image as the services.
FROM eclipse-temurin:21-jre
WORKDIR /load
COPY load-tests/target/gatling-lib/ lib/
COPY load-tests/target/gatling-classpath.txt ./
# gatling-lib keeps jars of older builds (no `clean`): put on the classpath exactly the jars of this build.
RUN tr ':' '\n' < gatling-classpath.txt | sed 's#.*/#/load/lib/#' > classpath.list \
 && while read -r jar; do [ -f "$jar" ] || { echo "missing $jar: rebuild load-tests" >&2; exit 1; }; done < classpath.list \
 && paste -sd: classpath.list > classpath.txt && rm classpath.list gatling-classpath.txt
COPY load-tests/target/classes/ classes/
COPY load-tests/target/test-classes/ test-classes/
COPY docker/load-entrypoint.sh /usr/local/bin/load-entrypoint
ENTRYPOINT ["sh", "/usr/local/bin/load-entrypoint"]
