#!/usr/bin/env bash
# Sets up a StreamrP2P friend node on a Debian or Ubuntu machine, as root, in one command:
#   sudo ops/setup-friend-node.sh --hub https://hub.example.org --invite CODE \
#     --public-url http://203.0.113.7:8090
# Safe to run again: an installed node is upgraded (jar and unit), never registered twice.
# See docs/friend-node-setup.md.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$SCRIPT_DIR")
NODE_USER=streamrp2p-node
UNIT=streamrp2p-node.service
TEMPLATE=$SCRIPT_DIR/systemd/$UNIT
# Paths on the target system; under --root DIR each is prefixed with DIR.
JAR_PATH=/opt/streamrp2p/streamrp2p-node.jar
# What setups before the node had its own jar installed: the launcher's jar, removed on upgrade.
OLD_JAR_PATH=/opt/streamrp2p/streamrp2p.jar
DATA_DIR=/var/lib/streamrp2p-node
UNIT_PATH=/etc/systemd/system/$UNIT
DROPIN_PATH=/etc/systemd/system/$UNIT.d/low-port.conf
DEFAULTS_PATH=/etc/default/streamrp2p-node
# The registration run gets the same small heap as the service.
REGISTER_JAVA_OPTS=(-Xmx64m -XX:+UseSerialGC -Xss512k -XX:MaxMetaspaceSize=64m)
STEPS=9

usage() {
  cat <<EOF
Usage: $0 --hub URL[,URL...] --invite CODE [options]

Installs and starts a StreamrP2P friend node: Java 17 (if missing), the system user
$NODE_USER, $JAR_PATH, the registration in $DATA_DIR/node.json,
and the systemd unit $UNIT. Run as root. Running it again upgrades the jar
and the unit and never registers again; --hub and --invite are then not needed.
It removes $OLD_JAR_PATH, which earlier setups ran the node from,
unless another systemd unit (a hub's) names it.

Options:
  --hub URL[,URL...]   hub(s) to register with (http or https)
  --invite CODE        invite code from the hub's owner (used once)
  --public-url URL     URL at which viewers reach this node, e.g. http://203.0.113.7:8090
  --capacity-mbps N    upload bandwidth the node offers, in Mbit/s
  --http-port P        node HTTP port (default 8090); below 1024 grants CAP_NET_BIND_SERVICE
  --rtmp-port P        node RTMP port (default 1936); likewise
  --jar PATH           node jar to install (default: node/target/streamrp2p-node.jar of
                       this repository, built with ./mvnw when absent)
  --dry-run            print every step and its exact commands; change nothing
  --root DIR           install under DIR instead of / (files in DIR/opt, DIR/etc, DIR/var/lib);
                       creates no user and runs no apt-get or systemctl, only prints them;
                       registration runs as the calling user
  --skip-register      with --root only, for ops/test-setup-friend-node.sh: skip the
                       registration, which needs a running hub
  -h, --help           this text

Ports and the public URL are stored in node.json at registration; to change them later,
edit node.json (or remove it and register again with a new invite).
EOF
}

die() {
  echo "setup-friend-node: error: $*" >&2
  exit 1
}
usage_error() {
  echo "setup-friend-node: $*" >&2
  echo "Try '$0 --help'." >&2
  exit 2
}

HUB="" INVITE="" PUBLIC_URL="" CAPACITY="" HTTP_PORT="" RTMP_PORT="" JAR_SRC=""
DRY_RUN=0 ROOT="" SKIP_REGISTER=0
while [ $# -gt 0 ]; do
  opt=$1
  case $opt in
    --*=*)
      # --opt=value: split and handle as --opt value.
      set -- "${opt%%=*}" "${opt#*=}" "${@:2}"
      continue
      ;;
    --hub | --invite | --public-url | --capacity-mbps | --http-port | --rtmp-port | --jar | --root)
      [ $# -ge 2 ] || usage_error "$opt needs a value"
      val=$2
      shift 2
      case $opt in
        --hub) HUB=$val ;;
        --invite) INVITE=$val ;;
        --public-url) PUBLIC_URL=$val ;;
        --capacity-mbps) CAPACITY=$val ;;
        --http-port) HTTP_PORT=$val ;;
        --rtmp-port) RTMP_PORT=$val ;;
        --jar) JAR_SRC=$val ;;
        --root) ROOT=$val ;;
      esac
      ;;
    --dry-run) DRY_RUN=1 && shift ;;
    --skip-register) SKIP_REGISTER=1 && shift ;;
    -h | --help) usage && exit 0 ;;
    *) usage_error "unknown argument: $opt" ;;
  esac
done

# --- validation -----------------------------------------------------------------------------
is_http_url() { [[ $1 =~ ^https?://[^/@[:space:]]+(/[^[:space:]]*)?$ ]]; }
is_port() { [[ $1 =~ ^[0-9]{1,5}$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

if [ -n "$HUB" ]; then
  IFS=, read -r -a hubs <<<"$HUB"
  [ ${#hubs[@]} -gt 0 ] || usage_error "--hub: no URL given"
  for h in "${hubs[@]}"; do
    is_http_url "$h" || usage_error "--hub: not an http or https URL: '$h'"
  done
fi
if [ -n "$INVITE" ] && ! [[ $INVITE =~ ^[[:graph:]]+$ ]]; then
  usage_error "--invite: the code must not contain spaces"
fi
[ -z "$PUBLIC_URL" ] || is_http_url "$PUBLIC_URL" ||
  usage_error "--public-url: not an http or https URL: '$PUBLIC_URL'"
[ -z "$CAPACITY" ] || [[ $CAPACITY =~ ^[1-9][0-9]{0,6}$ ]] ||
  usage_error "--capacity-mbps: not a positive whole number: '$CAPACITY'"
[ -z "$HTTP_PORT" ] || is_port "$HTTP_PORT" || usage_error "--http-port: not a port: '$HTTP_PORT'"
[ -z "$RTMP_PORT" ] || is_port "$RTMP_PORT" || usage_error "--rtmp-port: not a port: '$RTMP_PORT'"
if [ -n "$ROOT" ]; then
  [ -d "$ROOT" ] || usage_error "--root: no such directory: '$ROOT'"
  ROOT=$(cd "$ROOT" && pwd)
  [ "$ROOT" != / ] || ROOT=""
fi
if [ "$SKIP_REGISTER" = 1 ] && [ -z "$ROOT" ]; then
  usage_error "--skip-register is only for tests, together with --root"
fi
if [ -n "$JAR_SRC" ]; then
  [ -f "$JAR_SRC" ] || die "--jar: no such file: $JAR_SRC"
  JAR_SRC=$(cd "$(dirname "$JAR_SRC")" && pwd)/$(basename "$JAR_SRC")
fi
[ -f "$TEMPLATE" ] || die "unit template missing: $TEMPLATE"
if [ "$DRY_RUN" = 0 ] && [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
  die "run as root (sudo $0 ...), or with --dry-run to see what it would do"
fi

# --- helpers --------------------------------------------------------------------------------
step_no=0
step() {
  step_no=$((step_no + 1))
  echo "==> [$step_no/$STEPS] $*"
}
say() { echo "    $*"; }
# Prints a command exactly as it runs, then runs it unless --dry-run.
run() {
  echo "+ $(printf '%q ' "$@" | sed 's/ $//')"
  [ "$DRY_RUN" = 1 ] || "$@"
}
# A command that is only printed, with the reason it is not run.
not_run() {
  local why=$1
  shift
  echo "+ $(printf '%q ' "$@" | sed 's/ $//')    # not run: $why"
}
# A command that --root mode does not run (it would change the machine itself).
host_only() {
  if [ -n "$ROOT" ]; then
    not_run --root "$@"
  else
    run "$@"
  fi
}
# Installs rendered content (a temporary file) at a target path, unless it is there already
# with that content and mode. Sets CHANGED=1 when it writes.
CHANGED=0
install_file() {
  local src=$1 mode=$2 dest=$3 from=${4:-}
  if [ -f "$dest" ] && cmp -s "$src" "$dest" &&
    [ "$(stat -c %a "$dest")" = "${mode#0}" ]; then
    say "$dest is up to date"
    return
  fi
  CHANGED=1
  [ -z "$from" ] || say "$src: $from"
  if [ -n "$ROOT" ]; then
    run install -D -m "$mode" "$src" "$dest"
  else
    run install -D -m "$mode" -o root -g root "$src" "$dest"
  fi
}
java_major() { # prints the major version of the java command $1, or nothing
  local v
  v=$("$1" -version 2>&1 | awk -F'"' '/version "/ {print $2; exit}') || true
  v=${v#1.}
  v=${v%%[.+-]*}
  [[ $v =~ ^[0-9]+$ ]] && echo "$v"
}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

R=$ROOT
REGISTERED=0
[ -f "$R$DATA_DIR/node.json" ] && REGISTERED=1
if [ "$REGISTERED" = 0 ] && [ "$SKIP_REGISTER" = 0 ] && { [ -z "$HUB" ] || [ -z "$INVITE" ]; }; then
  usage_error "--hub and --invite are required for the first setup ($R$DATA_DIR/node.json does not exist)"
fi

[ "$DRY_RUN" = 0 ] || echo "Dry run: nothing is changed; each command is printed as it would run."
[ -z "$ROOT" ] || echo "Installing under --root $ROOT (no user, apt-get or systemctl)."

# Jar source: --jar, else this repository's build output, built when missing.
BUILD=0
if [ -z "$JAR_SRC" ]; then
  JAR_SRC=$REPO_DIR/node/target/streamrp2p-node.jar
  if [ ! -f "$JAR_SRC" ]; then
    if [ ! -x "$REPO_DIR/mvnw" ] || [ ! -f "$REPO_DIR/node/pom.xml" ]; then
      die "no jar: pass --jar PATH (no $JAR_SRC and no repository to build it in)"
    fi
    BUILD=1
  fi
fi

# --- 1. Java --------------------------------------------------------------------------------
# STREAMRP2P_SETUP_JAVA: the java command to inspect (tests point it at a missing one).
JAVA_CMD=${STREAMRP2P_SETUP_JAVA:-java}
step "Java 17 or later"
need_pkg=""
have=$(java_major "$JAVA_CMD" 2>/dev/null || true)
if [ -n "$have" ] && [ "$have" -ge 17 ]; then
  say "java $have found: $(command -v "$JAVA_CMD")"
else
  say "${have:+java $have is too old; }no Java 17 or later: installing it"
  need_pkg=jre
fi
if [ "$BUILD" = 1 ]; then
  jc=$(java_major "${JAVA_CMD%java}javac" 2>/dev/null || true)
  if [ -z "$jc" ] || [ "$jc" -lt 17 ]; then
    say "building the jar needs a JDK 17 or later (javac): installing it"
    need_pkg=jdk
  fi
fi
if [ -n "$need_pkg" ]; then
  [ -n "$ROOT" ] || command -v apt-get >/dev/null || die "no apt-get: install Java 17 by hand"
  host_only apt-get update
  # Debian 13 has no openjdk-17 any more; 21 runs the same jar. (Asked after the update, so
  # the package lists are there to answer.)
  pkg=openjdk-17-$need_pkg-headless
  if ! apt-cache show "$pkg" >/dev/null 2>&1 && apt-cache show "openjdk-21-$need_pkg-headless" >/dev/null 2>&1; then
    pkg=openjdk-21-$need_pkg-headless
  fi
  host_only env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg"
  if [ "$DRY_RUN" = 0 ] && [ -z "$ROOT" ]; then
    have=$(java_major "$JAVA_CMD" || true)
    if [ -z "$have" ] || [ "$have" -lt 17 ]; then
      die "java 17 or later still not found after installing $pkg"
    fi
  fi
fi
# The unit's ExecStart names java by absolute path; /usr/bin/java (Debian's alternatives link)
# unless java is elsewhere. Resolved from PATH, as the service cannot search one.
JAVA_BIN=$(command -v "$JAVA_CMD" 2>/dev/null || true)
[[ $JAVA_BIN == /* ]] || JAVA_BIN=/usr/bin/java
case $JAVA_BIN in
  /home/* | /root/* | /run/user/*)
    die "java is $JAVA_BIN, in a home directory the service cannot see (ProtectHome): install openjdk-17-jre-headless" ;;
esac

# --- 2. user --------------------------------------------------------------------------------
step "system user $NODE_USER"
if [ -z "$ROOT" ] && id -u "$NODE_USER" >/dev/null 2>&1; then
  say "user $NODE_USER exists"
else
  nologin=/usr/sbin/nologin
  [ -x "$nologin" ] || nologin=/bin/false
  host_only useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
    --shell "$nologin" --comment "StreamrP2P friend node" "$NODE_USER"
fi

# --- 3. jar ---------------------------------------------------------------------------------
step "node jar $JAR_PATH"
if [ "$BUILD" = 1 ]; then
  say "$JAR_SRC is missing: building it"
  build=(./mvnw -q -B -DskipTests -pl node -am package)
  # Under sudo, build as the user who owns the checkout, so target/ stays theirs.
  if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && [ "$(id -u)" = 0 ]; then
    build=(runuser -u "$SUDO_USER" -- "${build[@]}")
  fi
  echo "+ cd $(printf '%q' "$REPO_DIR") && $(printf '%q ' "${build[@]}" | sed 's/ $//')"
  if [ "$DRY_RUN" = 0 ]; then
    (cd "$REPO_DIR" && "${build[@]}") || die "the build failed; fix it or pass --jar PATH"
    [ -f "$JAR_SRC" ] || die "the build did not produce $JAR_SRC"
  fi
fi
JAR_CHANGED=0
if [ -f "$R$JAR_PATH" ] && [ -f "$JAR_SRC" ] && cmp -s "$JAR_SRC" "$R$JAR_PATH"; then
  say "$R$JAR_PATH is up to date"
else
  JAR_CHANGED=1
  if [ -n "$ROOT" ]; then
    run install -D -m 0644 "$JAR_SRC" "$R$JAR_PATH"
  else
    run install -D -m 0644 -o root -g root "$JAR_SRC" "$R$JAR_PATH"
  fi
fi

# --- 4. state directory ---------------------------------------------------------------------
step "state directory $DATA_DIR"
if [ -d "$R$DATA_DIR" ] && [ "$(stat -c %a "$R$DATA_DIR")" = 700 ] &&
  { [ -n "$ROOT" ] || [ "$(stat -c %U "$R$DATA_DIR")" = "$NODE_USER" ]; }; then
  say "$R$DATA_DIR exists"
elif [ -n "$ROOT" ]; then
  run install -d -m 0700 "$R$DATA_DIR"
  host_only chown "$NODE_USER:$NODE_USER" "$DATA_DIR"
else
  run install -d -m 0700 -o "$NODE_USER" -g "$NODE_USER" "$DATA_DIR"
fi

# --- 5. registration ------------------------------------------------------------------------
step "registration with the hub"
if [ "$REGISTERED" = 1 ]; then
  say "already registered ($R$DATA_DIR/node.json exists): not registering again"
  [ -z "$INVITE$HUB" ] || say "--hub and --invite are ignored"
elif [ "$SKIP_REGISTER" = 1 ]; then
  say "skipped (--skip-register): a real setup registers here"
else
  # A friend node serves the public: its doors listen on every address (the node's own default
  # is loopback, for tests and trials).
  node_args=(--data-dir "$R$DATA_DIR" --hub "$HUB" --invite "$INVITE"
    --http-interface 0.0.0.0 --rtmp-interface 0.0.0.0)
  [ -z "$PUBLIC_URL" ] || node_args+=(--public-url "$PUBLIC_URL")
  [ -z "$CAPACITY" ] || node_args+=(--capacity-mbps "$CAPACITY")
  [ -z "$HTTP_PORT" ] || node_args+=(--http-port "$HTTP_PORT")
  [ -z "$RTMP_PORT" ] || node_args+=(--rtmp-port "$RTMP_PORT")
  node_args+=(--register-only)
  cmd=("$JAVA_BIN" "${REGISTER_JAVA_OPTS[@]}" -jar "$R$JAR_PATH" "${node_args[@]}")
  # As the node's user (under --root: the calling user), from a directory it may read, with
  # a umask that keeps what it writes private.
  [ -n "$ROOT" ] || cmd=(runuser -u "$NODE_USER" -- "${cmd[@]}")
  echo "+ cd / && umask 077 && $(printf '%q ' "${cmd[@]}" | sed 's/ $//')"
  if [ "$DRY_RUN" = 0 ]; then
    rc=0
    (cd / && umask 077 && "${cmd[@]}") || rc=$?
    case $rc in
      0) [ -f "$R$DATA_DIR/node.json" ] || die "registration exited 0 but wrote no $R$DATA_DIR/node.json" ;;
      2) die "the node refused the arguments (exit 2, reason above); nothing was started" ;;
      *) die "registration failed (exit $rc, reason above): check --hub and --invite and that the hub is reachable, then run this again; nothing was started" ;;
    esac
    say "registered: $R$DATA_DIR/node.json"
  fi
fi

# --- 6. settings file -----------------------------------------------------------------------
step "settings $DEFAULTS_PATH"
if [ -f "$R$DEFAULTS_PATH" ]; then
  say "$R$DEFAULTS_PATH exists: left as it is"
else
  cat >"$TMP/defaults" <<'EOF'
# Settings for streamrp2p-node.service, read at each start: systemctl restart streamrp2p-node
# JVM options. The unit's default (see its comments) suits a small machine; uncomment and edit
# to change them, for example a larger heap for many viewers (raise MemoryMax with it:
# systemctl edit streamrp2p-node).
#JAVA_OPTS=-Xms8m -Xmx64m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError
EOF
  install_file "$TMP/defaults" 0644 "$R$DEFAULTS_PATH" "commented JAVA_OPTS example"
fi

# --- 7. systemd unit ------------------------------------------------------------------------
step "systemd unit $UNIT_PATH"
sed "s#^ExecStart=/usr/bin/java #ExecStart=$JAVA_BIN #" "$TEMPLATE" >"$TMP/unit"
install_file "$TMP/unit" 0644 "$R$UNIT_PATH" "ops/systemd/$UNIT with ExecStart's java as $JAVA_BIN"
low_port=""
for p in "$HTTP_PORT" "$RTMP_PORT"; do
  if [ -n "$p" ] && [ "$p" -lt 1024 ]; then low_port=$p; fi
done
if [ -n "$low_port" ]; then
  say "port $low_port is below 1024: granting CAP_NET_BIND_SERVICE, and nothing else"
  cat >"$TMP/dropin" <<'EOF'
# Written by ops/setup-friend-node.sh: a node port below 1024 needs this one capability.
[Service]
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
AmbientCapabilities=CAP_NET_BIND_SERVICE
EOF
  install_file "$TMP/dropin" 0644 "$R$DROPIN_PATH" "CAP_NET_BIND_SERVICE drop-in"
elif [ -f "$R$DROPIN_PATH" ]; then
  say "$R$DROPIN_PATH kept (a port below 1024 was configured before)"
fi

# --- 8. start -------------------------------------------------------------------------------
step "start the service"
pid1=$(cat /proc/1/comm 2>/dev/null || echo unknown)
if [ -z "$ROOT" ] && [ "$pid1" = systemd ]; then
  was_active=0
  systemctl is-active --quiet "$UNIT" && was_active=1
  run systemctl daemon-reload
  run systemctl enable --now "$UNIT"
  if [ "$was_active" = 1 ] && { [ "$CHANGED" = 1 ] || [ "$JAR_CHANGED" = 1 ]; }; then
    say "the jar or the unit changed: restarting the running node"
    run systemctl restart "$UNIT"
  fi
  if [ "$DRY_RUN" = 0 ]; then
    say "started. Status: systemctl status $UNIT; log: journalctl -u $UNIT -f"
  fi
else
  if [ -n "$ROOT" ]; then
    why=--root
  else
    why="systemd is not running (PID 1 is $pid1)"
    say "systemd is not running here (PID 1 is '$pid1'): the unit is installed but not started;"
    say "on a machine booted with systemd, start it with the two commands below"
  fi
  not_run "$why" systemctl daemon-reload
  not_run "$why" systemctl enable --now "$UNIT"
  if command -v systemd-analyze >/dev/null; then
    say "checking the unit instead:"
    # It exits 0 on unknown keys and bad values too, only warning: any output is an error here.
    echo "+ systemd-analyze verify $(printf '%q' "$R$UNIT_PATH")"
    if [ "$DRY_RUN" = 0 ]; then
      out=$(systemd-analyze verify "$R$UNIT_PATH" 2>&1) || die "systemd-analyze rejects the unit: $out"
      [ -z "$out" ] || die "systemd-analyze warns about the unit: $out"
      say "systemd-analyze verify: no complaints"
    fi
  else
    say "systemd-analyze is not installed: the unit was not checked"
  fi
fi

# --- 9. old jar -----------------------------------------------------------------------------
# Setups before the node had its own jar ran it from the launcher's jar. Removed after the new
# unit has started (the running JVM keeps its open jar), unless another unit still names it: a
# hub on the same machine runs from that path.
step "remove the old jar $OLD_JAR_PATH"
if [ ! -e "$R$OLD_JAR_PATH" ]; then
  say "$R$OLD_JAR_PATH is not there: nothing to remove"
else
  users=$(grep -rlsF -- "$OLD_JAR_PATH" "$R/etc/systemd/system" | grep -vxF -- "$R$UNIT_PATH" || true)
  if [ -n "$users" ]; then
    say "$R$OLD_JAR_PATH kept: $(echo "$users" | paste -sd ' ') still names it"
  else
    say "the node runs from $JAR_PATH now: removing the jar earlier setups installed"
    run rm -f "$R$OLD_JAR_PATH"
  fi
fi
echo "Done."
