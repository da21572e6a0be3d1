#!/usr/bin/env bash
# Tests ops/setup-friend-node.sh without a hub and without changing this machine:
#  (a) --dry-run prints every step's exact command and changes nothing; bad arguments are
#      refused with exit 2;
#  (b) --root DIR writes the real files under DIR: jar, state directory, settings, the unit
#      (content and mode), which `systemd-analyze verify` must accept without a single warning;
#      registration runs a stand-in node jar that records its arguments, and a refusing hub
#      stops the setup; a missing jar is built with ./mvnw in a scratch checkout (a stand-in);
#  (c) a second run changes nothing and does not register again; an upgrade of a setup that ran
#      the node from the launcher's jar installs the node jar and the new unit and removes the
#      old jar, unless a hub's unit names it;
#  (d) a real registration: a hub started from app/target/streamrp2p.jar on loopback, an invite
#      from its operator, the setup run with node/target/streamrp2p-node.jar without
#      --skip-register, and the hub lists the node. It needs both built jars and fails without
#      them, so CI runs this after ./mvnw verify.
# Last line: "N passed, M failed"; exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SETUP=$REPO/ops/setup-friend-node.sh
UNIT=etc/systemd/system/streamrp2p-node.service

passed=0
failed=0
ok() {
  passed=$((passed + 1))
  echo "ok   $*"
}
bad() {
  failed=$((failed + 1))
  echo "FAIL $*"
}
check() { # description, command...
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
# The last run's exit status ($rc) is as expected; else shows its output.
check_rc() { # description, expected status
  if [ "$rc" = "$2" ]; then ok "$1"; else bad "$1 (exit $rc)" && sed 's/^/     | /' "$out"; fi
}
has() { grep -qF -- "$2" "$1"; }          # file, text
lacks() { ! grep -qF -- "$2" "$1"; }      # file, text
has_line() { grep -qxF -- "$2" "$1"; }    # file, whole line
mode_is() { [ "$(stat -c %a "$1")" = "$2" ]; }
same() { cmp -s "$1" "$2"; }
# Runs a command with its output in $out; prints its exit status (set -e does not stop on it).
status() {
  local rc=0
  "$@" >"$out" 2>&1 || rc=$?
  echo "$rc"
}
# Every file and directory under a root with its mode and checksum, to compare two runs.
snapshot() {
  (cd "$1" && find . -print0 | sort -z | while IFS= read -r -d '' f; do
    if [ -f "$f" ]; then
      echo "$(stat -c %a "$f") $(sha256sum <"$f" | cut -c1-64) $f"
    else
      echo "$(stat -c %a "$f") - $f"
    fi
  done)
}

# systemd-analyze checks the unit; Debian's systemd package brings it (installing it does not
# make systemd PID 1 or start anything).
if ! command -v systemd-analyze >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null
fi
for tool in javac jar systemd-analyze curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; echo "0 passed, 1 failed"; exit 1; }
done

WORK=$(mktemp -d)
HUB_PID=""
# Stops the hub of (d) if it still runs, whatever ended the test.
stop_hub() {
  [ -n "$HUB_PID" ] || return 0
  kill "$HUB_PID" 2>/dev/null || true
  # The hub's coordinated shutdown takes up to 12 s; past 30 s it is killed.
  for _ in $(seq 60); do
    kill -0 "$HUB_PID" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$HUB_PID" 2>/dev/null || true
  wait "$HUB_PID" 2>/dev/null || true
  HUB_PID=""
}
cleanup() {
  stop_hub
  rm -rf "$WORK"
}
trap cleanup EXIT
out=$WORK/out

# A stand-in for `java -jar streamrp2p-node.jar ... --register-only`: records its arguments in
# node.json (mode 0600, as the real node writes it), refuses the invite "refused" like a hub would
# (exit 1), and fails if node.json exists already, so a second registration cannot go unnoticed.
# Like the node jar it takes options only: a leading word (the launcher's `node`) is refused.
mkdir -p "$WORK/fake/src"
cat >"$WORK/fake/src/FakeNode.java" <<'EOF'
import java.nio.file.*;
import java.nio.file.attribute.PosixFilePermissions;
public class FakeNode {
  public static void main(String[] a) throws Exception {
    String dir = null, invite = null;
    boolean registerOnly = false;
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("--data-dir")) dir = a[++i];
      else if (a[i].equals("--invite")) invite = a[++i];
      else if (a[i].equals("--register-only")) registerOnly = true;
    }
    if (a.length == 0 || !a[0].startsWith("--") || dir == null || !registerOnly) { System.err.println("bad arguments"); System.exit(2); }
    if ("refused".equals(invite)) { System.err.println("the hub refused the invite"); System.exit(1); }
    Path json = Paths.get(dir, "node.json");
    Files.createFile(json, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(json, String.join(" ", a) + "\n");
  }
}
EOF
javac -d "$WORK/fake/classes" "$WORK/fake/src/FakeNode.java"
jar --create --file "$WORK/fake-node.jar" --main-class FakeNode -C "$WORK/fake/classes" .
echo "stand-in jar, never run" >"$WORK/standin.jar"
HUB=http://127.0.0.1:9/
ARGS=(--hub "$HUB" --invite good-invite --public-url http://203.0.113.7:8090 --capacity-mbps 50)

echo "--- (a) --dry-run"
before=$(ls -ld /opt/streamrp2p /var/lib/streamrp2p-node /etc/systemd/system/streamrp2p-node.service \
  /etc/default/streamrp2p-node 2>&1 || true; getent passwd streamrp2p-node || true)
# As on a machine without Java: the install commands must be printed too.
rc=$(status env STREAMRP2P_SETUP_JAVA=/nonexistent/java "$SETUP" --dry-run "${ARGS[@]}" \
  --jar "$WORK/standin.jar")
check_rc "dry run exits 0" 0
for n in 1 2 3 4 5 6 7 8 9; do check "dry run prints step $n/9" has "$out" "==> [$n/9]"; done
check "dry run: apt-get update" has_line "$out" "+ apt-get update"
check "dry run: Java install" has "$out" "apt-get install -y openjdk-"
if getent passwd streamrp2p-node >/dev/null; then
  check "dry run: user exists" has "$out" "user streamrp2p-node exists"
else
  check "dry run: useradd" has "$out" \
    "+ useradd --system --user-group --home-dir /var/lib/streamrp2p-node --no-create-home --shell "
fi
# (On a machine that runs a node already, the steps that find their work done say so.)
check "dry run: jar install" has_line "$out" \
  "+ install -D -m 0644 -o root -g root $WORK/standin.jar /opt/streamrp2p/streamrp2p-node.jar"
if [ -d /var/lib/streamrp2p-node ]; then
  check "dry run: state directory exists" has "$out" "/var/lib/streamrp2p-node exists"
else
  check "dry run: state directory" has_line "$out" \
    "+ install -d -m 0700 -o streamrp2p-node -g streamrp2p-node /var/lib/streamrp2p-node"
fi
if [ -f /var/lib/streamrp2p-node/node.json ]; then
  check "dry run: registered already" has "$out" "already registered"
else
  check "dry run: registration as the node user" has_line "$out" \
    "+ cd / && umask 077 && runuser -u streamrp2p-node -- /usr/bin/java -Xmx64m -XX:+UseSerialGC -Xss512k -XX:MaxMetaspaceSize=64m -jar /opt/streamrp2p/streamrp2p-node.jar --data-dir /var/lib/streamrp2p-node --hub $HUB --invite good-invite --http-interface 0.0.0.0 --rtmp-interface 0.0.0.0 --public-url http://203.0.113.7:8090 --capacity-mbps 50 --register-only"
fi
check "dry run: settings file" has "$out" "/etc/default/streamrp2p-node"
check "dry run: unit install" has "$out" "/etc/systemd/system/streamrp2p-node.service"
check "dry run: daemon-reload" has "$out" "+ systemctl daemon-reload"
check "dry run: enable --now" has "$out" "+ systemctl enable --now streamrp2p-node.service"
if [ "$(cat /proc/1/comm)" != systemd ]; then
  check "dry run: verify when systemd is not running" has "$out" \
    "+ systemd-analyze verify /etc/systemd/system/streamrp2p-node.service"
fi
check "dry run: no low-port capability by default" lacks "$out" "CAP_NET_BIND_SERVICE"
if [ ! -e /opt/streamrp2p/streamrp2p.jar ]; then
  check "dry run: no old jar to remove" has "$out" "/opt/streamrp2p/streamrp2p.jar is not there"
fi
after=$(ls -ld /opt/streamrp2p /var/lib/streamrp2p-node /etc/systemd/system/streamrp2p-node.service \
  /etc/default/streamrp2p-node 2>&1 || true; getent passwd streamrp2p-node || true)
check "dry run changes nothing on the machine" [ "$before" = "$after" ]
rc=$(status "$SETUP" --dry-run "${ARGS[@]}" --jar "$WORK/standin.jar" --http-port 80)
check "dry run with port 80 grants CAP_NET_BIND_SERVICE" has "$out" "low-port.conf"

for bad_args in "--hub $HUB" "--invite x" "--hub ftp://x --invite x" "--hub $HUB --invite x --http-port 70000" \
  "--hub $HUB --invite x --capacity-mbps -3" "--hub $HUB --invite x --skip-register" "--bogus"; do
  # shellcheck disable=SC2086 # word splitting of the argument list is intended
  rc=$(status "$SETUP" --dry-run $bad_args --jar "$WORK/standin.jar")
  check "refused with exit 2: $bad_args" [ "$rc" = 2 ]
done
rc=$(status "$SETUP" --dry-run "${ARGS[@]}" --jar "$WORK/missing.jar")
check_rc "missing --jar: exit 1" 1
check "missing --jar: the error names it" has "$out" "missing.jar"
rc=$(status "$SETUP" --help)
check_rc "--help: exit 0" 0
check "--help documents --skip-register as test-only" has "$out" "with --root only, for ops/test-setup-friend-node.sh"

echo "--- (b) --root with a stand-in jar"
R=$WORK/root1
mkdir "$R"
rc=$(status "$SETUP" --root "$R" --skip-register --jar "$WORK/standin.jar" "${ARGS[@]}")
check_rc "--root run exits 0" 0
check "jar installed" same "$WORK/standin.jar" "$R/opt/streamrp2p/streamrp2p-node.jar"
check "jar mode 644" mode_is "$R/opt/streamrp2p/streamrp2p-node.jar" 644
check "no old jar" [ ! -e "$R/opt/streamrp2p/streamrp2p.jar" ]
check "state directory mode 700" mode_is "$R/var/lib/streamrp2p-node" 700
check "settings file mode 644" mode_is "$R/etc/default/streamrp2p-node" 644
check "unit installed, mode 644" mode_is "$R/$UNIT" 644
sed "s#^ExecStart=/usr/bin/java #ExecStart=$(command -v java) #" ops/systemd/streamrp2p-node.service \
  >"$WORK/expected.service"
check "unit is the template (java at $(command -v java))" same "$WORK/expected.service" "$R/$UNIT"
for line in "User=streamrp2p-node" "Group=streamrp2p-node" "Restart=on-failure" \
  "StateDirectory=streamrp2p-node" "StateDirectoryMode=0700" "UMask=0077" "NoNewPrivileges=yes" \
  "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" "PrivateDevices=yes" \
  "ProtectKernelTunables=yes" "ProtectKernelModules=yes" "ProtectKernelLogs=yes" \
  "ProtectControlGroups=yes" "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
  "RestrictNamespaces=yes" "LockPersonality=yes" "SystemCallArchitectures=native" \
  "CapabilityBoundingSet=" "AmbientCapabilities=" "MemoryMax=256M" \
  "EnvironmentFile=-/etc/default/streamrp2p-node" \
  "ExecStart=$(command -v java) \$JAVA_OPTS -jar /opt/streamrp2p/streamrp2p-node.jar --data-dir /var/lib/streamrp2p-node"; do
  check "unit: $line" has_line "$R/$UNIT" "$line"
done
check "unit: RestartSec set" grep -q '^RestartSec=' "$R/$UNIT"
check "unit: JAVA_OPTS default with -Xmx64m and SerialGC" grep -q '^Environment="JAVA_OPTS=.*-Xmx64m.*-XX:+UseSerialGC' "$R/$UNIT"
check "settings file: the commented JAVA_OPTS are the unit's" has_line "$R/etc/default/streamrp2p-node" \
  "#$(sed -n 's/^Environment="\(JAVA_OPTS=.*\)"$/\1/p' "$R/$UNIT")"
check "unit: MemoryDenyWriteExecute off (JIT)" bash -c "! grep -q '^MemoryDenyWriteExecute' '$R/$UNIT'"
check "no low-port drop-in" [ ! -e "$R/$UNIT.d" ]
check "no user or systemctl run under --root" has "$out" "systemctl enable --now streamrp2p-node.service    # not run: --root"
# systemd-analyze --root=DIR (systemd 252) resolves the unit's dependencies (sysinit.target,
# ...) and ExecStart's binary inside DIR, which holds no OS; so the unit is verified by its
# path, against this machine's systemd units and java (the script wrote ExecStart with this
# machine's java). verify exits 0 even for unknown keys, so any output fails the check.
vout=$(systemd-analyze verify "$R/$UNIT" 2>&1) && vrc=0 || vrc=$?
check "systemd-analyze verify accepts the unit" [ "$vrc" = 0 ]
check "systemd-analyze verify has no warning" [ -z "$vout" ]
[ -z "$vout" ] || echo "$vout"
sed 's/^UMask=/UMaskk=/' "$R/$UNIT" >"$WORK/typo.service"
tout=$(systemd-analyze verify "$WORK/typo.service" 2>&1 || true)
check "the verify check catches a misspelt key" [ -n "$tout" ]
check "sandboxing exposure at most 2.0 (systemd-analyze security)" \
  systemd-analyze security --offline=yes --threshold=20 "$R/$UNIT" >/dev/null 2>&1

echo "--- (b) registration with a stand-in node, a low port, a refusing hub, a build"
R2=$WORK/root2
mkdir "$R2"
rc=$(status "$SETUP" --root "$R2" --jar "$WORK/fake-node.jar" "${ARGS[@]}" --rtmp-port 443)
check_rc "registration run exits 0" 0
check "node.json written, mode 600" mode_is "$R2/var/lib/streamrp2p-node/node.json" 600
check "the node got the registration arguments" has_line "$R2/var/lib/streamrp2p-node/node.json" \
  "--data-dir $R2/var/lib/streamrp2p-node --hub $HUB --invite good-invite --http-interface 0.0.0.0 --rtmp-interface 0.0.0.0 --public-url http://203.0.113.7:8090 --capacity-mbps 50 --rtmp-port 443 --register-only"
check "port 443: CAP_NET_BIND_SERVICE drop-in" has_line "$R2/$UNIT.d/low-port.conf" \
  "AmbientCapabilities=CAP_NET_BIND_SERVICE"
cat "$R2/$UNIT" "$R2/$UNIT.d/low-port.conf" >"$WORK/streamrp2p-node.service"
vout=$(systemd-analyze verify "$WORK/streamrp2p-node.service" 2>&1) && vrc=0 || vrc=$?
check "unit with the drop-in verifies" [ "$vrc" = 0 ]
check "unit with the drop-in: no warning" [ -z "$vout" ]

R3=$WORK/root3
mkdir "$R3"
rc=$(status "$SETUP" --root "$R3" --jar "$WORK/fake-node.jar" --hub "$HUB" --invite refused)
check_rc "refused invite: exit 1" 1
check "refused invite: the node's reason is shown" has "$out" "the hub refused the invite"
check "refused invite: says registration failed" has "$out" "registration failed"
check "refused invite: no node.json" [ ! -e "$R3/var/lib/streamrp2p-node/node.json" ]
check "refused invite: no unit installed" [ ! -e "$R3/$UNIT" ]

# A checkout without a built jar: the script builds it with ./mvnw (a stand-in that "builds"
# the fake node) before installing it. The checkout is a scratch copy under $WORK, so the fake
# jar never lands in this repository's node/target.
C=$WORK/checkout
mkdir -p "$C/ops/systemd" "$C/node" "$WORK/root4"
cp "$SETUP" "$C/ops/"
cp ops/systemd/streamrp2p-node.service "$C/ops/systemd/"
echo "<project/>" >"$C/node/pom.xml"
cat >"$C/mvnw" <<EOF
#!/bin/sh
echo "\$*" >"$WORK/mvnw.args"
mkdir -p node/target && cp "$WORK/fake-node.jar" node/target/streamrp2p-node.jar
EOF
chmod +x "$C/mvnw"
rc=$(status "$C/ops/setup-friend-node.sh" --root "$WORK/root4" "${ARGS[@]}")
check_rc "no jar: the setup exits 0" 0
check "no jar: built with ./mvnw" has_line "$WORK/mvnw.args" "-q -B -DskipTests -pl node -am package"
check "no jar: the built jar is installed" same "$WORK/fake-node.jar" "$WORK/root4/opt/streamrp2p/streamrp2p-node.jar"
check "no jar: then registered" [ -f "$WORK/root4/var/lib/streamrp2p-node/node.json" ]

echo "--- (c) a second run"
for root in "$R" "$R2"; do
  jar=$WORK/standin.jar extra=(--skip-register)
  [ "$root" = "$R" ] || { jar=$WORK/fake-node.jar extra=(--rtmp-port 443); }
  snap1=$(snapshot "$root")
  rc=$(status "$SETUP" --root "$root" --jar "$jar" "${ARGS[@]}" "${extra[@]}")
  check_rc "second run exits 0 ($(basename "$root"))" 0
  check "second run changes nothing ($(basename "$root"))" [ "$snap1" = "$(snapshot "$root")" ]
  check "second run installs nothing ($(basename "$root"))" lacks "$out" "+ install"
done
check "second run does not register again" has "$out" "already registered"
# Upgrades need neither --hub nor --invite once registered, and replace only the jar.
unit_before=$(sha256sum <"$R2/$UNIT")
echo "newer" >>"$WORK/standin.jar"
rc=$(status "$SETUP" --root "$R2" --jar "$WORK/standin.jar")
check_rc "upgrade without --hub/--invite exits 0" 0
check "upgrade replaces the jar" same "$WORK/standin.jar" "$R2/opt/streamrp2p/streamrp2p-node.jar"
check "upgrade keeps the unit" [ "$unit_before" = "$(sha256sum <"$R2/$UNIT")" ]
check "upgrade keeps the low-port drop-in" [ -f "$R2/$UNIT.d/low-port.conf" ]

# A setup from before the node jar: the launcher's jar at /opt/streamrp2p/streamrp2p.jar, a unit
# that runs it with the `node` word, a registered node. R7 also has a hub unit that runs that jar.
old_setup() { # root
  mkdir -p "$1/opt/streamrp2p" "$1/etc/systemd/system" "$1/etc/default" "$1/var/lib/streamrp2p-node"
  chmod 700 "$1/var/lib/streamrp2p-node"
  echo "launcher jar of an earlier setup" >"$1/opt/streamrp2p/streamrp2p.jar"
  sed -e 's#-jar /opt/streamrp2p/streamrp2p-node.jar --data-dir#-jar /opt/streamrp2p/streamrp2p.jar node --data-dir#' \
    -e 's#-Xmx64m#-Xmx96m#' ops/systemd/streamrp2p-node.service >"$1/$UNIT"
  echo "# earlier settings" >"$1/etc/default/streamrp2p-node"
  (umask 077 && echo '{"nodeId":"earlier"}' >"$1/var/lib/streamrp2p-node/node.json")
}
R6=$WORK/root6
old_setup "$R6"
check "old setup: its unit runs the launcher's jar" grep -q '^ExecStart=.*streamrp2p.jar node --data-dir' "$R6/$UNIT"
rc=$(status "$SETUP" --root "$R6" --jar "$WORK/standin.jar" --dry-run)
check_rc "upgrade from the launcher's jar, dry run: exit 0" 0
check "dry run prints the old jar's removal" has_line "$out" "+ rm -f $R6/opt/streamrp2p/streamrp2p.jar"
check "dry run keeps the old jar" [ -f "$R6/opt/streamrp2p/streamrp2p.jar" ]
check "dry run installs no node jar" [ ! -e "$R6/opt/streamrp2p/streamrp2p-node.jar" ]
rc=$(status "$SETUP" --root "$R6" --jar "$WORK/standin.jar")
check_rc "upgrade from the launcher's jar: exit 0" 0
check "upgrade from the launcher's jar: node jar installed" same "$WORK/standin.jar" "$R6/opt/streamrp2p/streamrp2p-node.jar"
check "upgrade from the launcher's jar: the new unit" same "$WORK/expected.service" "$R6/$UNIT"
check "upgrade from the launcher's jar: printed the removal" has_line "$out" "+ rm -f $R6/opt/streamrp2p/streamrp2p.jar"
check "upgrade from the launcher's jar: old jar removed" [ ! -e "$R6/opt/streamrp2p/streamrp2p.jar" ]
check "upgrade from the launcher's jar: not registered again" has "$out" "already registered"
check "upgrade from the launcher's jar: settings kept" has_line "$R6/etc/default/streamrp2p-node" "# earlier settings"
R7=$WORK/root7
old_setup "$R7"
cp ops/systemd/streamrp2p-hub.service "$R7/etc/systemd/system/"
rc=$(status "$SETUP" --root "$R7" --jar "$WORK/standin.jar")
check_rc "upgrade beside a hub: exit 0" 0
check "upgrade beside a hub: the hub's jar is kept" [ -f "$R7/opt/streamrp2p/streamrp2p.jar" ]
check "upgrade beside a hub: says why" has "$out" "streamrp2p-hub.service still names it"
check "upgrade beside a hub: the new unit" same "$WORK/expected.service" "$R7/$UNIT"

echo "--- (d) registration against a real hub"
JAR=$REPO/app/target/streamrp2p.jar
NODE_JAR=$REPO/node/target/streamrp2p-node.jar
# Free loopback ports, all held open together so no two are the same.
cat >"$WORK/FreePorts.java" <<'EOF'
import java.net.*;
import java.util.*;
public class FreePorts {
  public static void main(String[] a) throws Exception {
    List<ServerSocket> held = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(a[0]); i++) {
      held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      System.out.println(held.get(i).getLocalPort());
    }
  }
}
EOF
ports=()
if [ ! -f "$JAR" ] || [ ! -f "$NODE_JAR" ]; then
  bad "(d) needs $JAR and $NODE_JAR: build them first (./mvnw -B verify, or package); CI runs this test after the build"
elif mapfile -t ports < <(java "$WORK/FreePorts.java" 5) && [ "${#ports[@]}" != 5 ]; then
  bad "(d) could not get five free loopback ports (got: ${ports[*]})"
else
  hub_http=${ports[0]} hub_rtmp=${ports[1]} hub_cluster=${ports[2]}
  hub_management=${ports[3]} node_http=${ports[4]}
  HUBDIR=$WORK/hub
  mkdir -p "$HUBDIR"
  hub_url=http://127.0.0.1:$hub_http
  # From its own directory, so nothing it writes lands in the checkout.
  (cd "$HUBDIR" && exec env STREAMRP2P_DATA_DIR="$HUBDIR/data" STREAMRP2P_DB_DIR="$HUBDIR/db" \
    STREAMRP2P_HTTP_PORT="$hub_http" STREAMRP2P_RTMP_PORT="$hub_rtmp" \
    STREAMRP2P_CLUSTER_PORT="$hub_cluster" \
    java -Xmx256m -Dpekko.management.http.port="$hub_management" -jar "$JAR" hub \
    >"$HUBDIR/stdout" 2>"$HUBDIR/stderr") &
  HUB_PID=$!
  # A cold JVM on a busy CI machine: up to 120 s for the hub to answer.
  for _ in $(seq 240); do
    curl -fsS -o /dev/null "$hub_url/health" 2>/dev/null && break
    kill -0 "$HUB_PID" 2>/dev/null || break
    sleep 0.5
  done
  if curl -fsS -o /dev/null "$hub_url/health" 2>/dev/null; then
    ok "hub from the jar answers /health"
    # The banner follows the doors opening: wait for it too.
    token=""
    for _ in $(seq 60); do
      token=$(awk '/^Operator token/ { getline; print $1; exit }' "$HUBDIR/stdout")
      [ -z "$token" ] || break
      sleep 0.5
    done
    check "hub printed an operator token" [ -n "$token" ]
    invite=$(curl -sS -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
      -d '{"stream":"demo","ttlSeconds":600}' "$hub_url/api/v1/invites" |
      sed -n 's/.*"code" *: *"\([^"]*\)".*/\1/p')
    check "operator created an invite" [ -n "$invite" ]
    R5=$(mktemp -d "$WORK/root5.XXXXXX")
    rc=$(status "$SETUP" --root "$R5" --jar "$NODE_JAR" --hub "$hub_url" --invite "${invite:-none}" \
      --public-url "http://127.0.0.1:$node_http")
    check_rc "setup with a real registration exits 0" 0
    check "the node jar is installed" same "$NODE_JAR" "$R5/opt/streamrp2p/streamrp2p-node.jar"
    json=$R5/var/lib/streamrp2p-node/node.json
    check "registered: node.json, mode 600" mode_is "$json" 600
    node_id=$(sed -n 's/.*"nodeId" *: *"\([^"]*\)".*/\1/p' "$json" 2>/dev/null || true)
    check "node.json names the node" [ -n "$node_id" ]
    curl -sS -H "Authorization: Bearer $token" "$hub_url/api/v1/nodes" >"$WORK/nodes.json" || true
    check "the hub lists the node to its operator" has "$WORK/nodes.json" "\"${node_id:-no node id}\""
  else
    bad "hub from the jar did not answer /health (its output below)"
    tail -n 30 "$HUBDIR/stdout" "$HUBDIR/stderr" | sed 's/^/     | /'
  fi
  stop_hub
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
