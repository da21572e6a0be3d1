# syntax=docker/dockerfile:1
# StreamrP2P friend node as a container image. Build from the repository root:
#   docker build -f ops/docker/node.Dockerfile -t streamrp2p-node .
# Register once, then run (docs/friend-node-setup.md, "Containers"):
#   docker run --rm -v streamrp2p-node:/var/lib/streamrp2p-node streamrp2p-node \
#     --data-dir /var/lib/streamrp2p-node --hub URL --invite CODE --public-url URL --register-only
#   docker run -d --restart unless-stopped -v streamrp2p-node:/var/lib/streamrp2p-node \
#     -p 8090:8090 -p 1936:1936 streamrp2p-node
# CI does not build this image (no Docker there); ops/systemd/ is the tested way to run a node.

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The Maven repository is a cache mount: a rebuild after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl node -am package

FROM eclipse-temurin:17-jre
# A fixed uid, so a bind-mounted data directory can be prepared with chown 10001:10001.
RUN groupadd --system --gid 10001 streamrp2p \
    && useradd --system --uid 10001 --gid streamrp2p --no-create-home \
       --home-dir /var/lib/streamrp2p-node --shell /usr/sbin/nologin streamrp2p \
    && install -d -m 0700 -o streamrp2p -g streamrp2p /var/lib/streamrp2p-node
COPY --from=build /src/node/target/streamrp2p-node.jar /opt/streamrp2p/streamrp2p-node.jar

# The same small-machine JVM settings as the systemd unit (see its comments). They are in
# JDK_JAVA_OPTIONS, not in ENTRYPOINT, so that `docker run -e JDK_JAVA_OPTIONS=...` can change
# them: the java launcher puts this variable before its command-line flags, and the last flag
# wins. (The JVM prints "Picked up JDK_JAVA_OPTIONS" once at start.)
ENV JDK_JAVA_OPTIONS="-Xms8m -Xmx64m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError"
# Two malloc arenas instead of up to 8 per core, as in the unit: tens of MB less resident.
ENV MALLOC_ARENA_MAX=2
# Port of GET /health for the health check; set it if node.json has another HTTP port.
ENV STREAMRP2P_HEALTH_PORT=8090

USER streamrp2p
WORKDIR /var/lib/streamrp2p-node
# Identity and registration (node.json); lose it and the node must be registered again.
VOLUME ["/var/lib/streamrp2p-node"]
# HTTP (HTTP-FLV, HLS, /health) and RTMP, the node's defaults; it listens on 0.0.0.0.
EXPOSE 8090 1936
# bash's /dev/tcp: no curl or wget needed in the image, and no second JVM every 30 s.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${STREAMRP2P_HEALTH_PORT} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/streamrp2p/streamrp2p-node.jar"]
# Later runs need only the data directory; the first run passes the registration options.
CMD ["--data-dir", "/var/lib/streamrp2p-node"]
