# syntax=docker/dockerfile:1
# StreamrP2P hub as a container image. Build from the repository root:
#   docker build -f ops/docker/hub.Dockerfile -t streamrp2p-hub .
#   docker run -d --restart unless-stopped -v streamrp2p-hub:/var/lib/streamrp2p-hub \
#     -e STREAMRP2P_PUBLIC_HOST=hub.example.org -p 1935:1935 -p 8080:8080 streamrp2p-hub
# Settings are the STREAMRP2P_* variables of docs/operations.md; the operator token is printed
# once, on the first start (docker logs). CI does not build this image (no Docker there).

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl app -am package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 streamrp2p \
    && useradd --system --uid 10001 --gid streamrp2p --no-create-home \
       --home-dir /var/lib/streamrp2p-hub --shell /usr/sbin/nologin streamrp2p \
    && install -d -m 0700 -o streamrp2p -g streamrp2p /var/lib/streamrp2p-hub
COPY --from=build /src/app/target/streamrp2p.jar /opt/streamrp2p/streamrp2p.jar

# Inside a container loopback is reachable only from the container itself: listen on all
# interfaces, and let the published ports decide what is exposed.
ENV STREAMRP2P_RTMP_INTERFACE=0.0.0.0 \
    STREAMRP2P_HTTP_INTERFACE=0.0.0.0 \
    STREAMRP2P_DATA_DIR=/var/lib/streamrp2p-hub \
    STREAMRP2P_HTTP_PORT=8080
# The heap follows the container's memory limit. In JDK_JAVA_OPTIONS so that -e can change it.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"

USER streamrp2p
WORKDIR /var/lib/streamrp2p-hub
# The embedded database (data-dir/db) and the ledger's checkpoints.
VOLUME ["/var/lib/streamrp2p-hub"]
# RTMP ingest and play; HTTP (HTTP-FLV, HLS, REST API, /health).
EXPOSE 1935 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${STREAMRP2P_HTTP_PORT} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/streamrp2p/streamrp2p.jar", "hub"]
