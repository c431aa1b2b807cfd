#!/usr/bin/env bash
# Set up a container engine (podman) on a fresh Debian 12 machine, as root, so that CI can build images
# and run testcontainers. Safe to run more than once: every step checks first and skips what is done.
#
#   scripts/containers/setup-podman.sh           install + configure podman, build the local base image,
#                                                start the Docker-compatible API socket
#   eval "$(scripts/containers/setup-podman.sh --env)"   export DOCKER_HOST and the testcontainers settings
#   scripts/containers/setup-podman.sh --stop    stop the API service started by this script (by its pid)
#
# Output contract: progress goes to stderr; the LAST line on stdout is exactly `engine: ready` (exit 0) or
# `engine: unavailable: <one-line reason>` (exit 1). Callers read that line and report container tests as
# skipped, never as passed, when the engine is unavailable. apt output goes to /tmp/setup-podman-apt.log,
# the API service's output to /tmp/podman-service.log.
#
# Why each setting exists:
# - Packages: podman from Debian's own repositories (the machines have a `docker` client but no engine);
#   runc, uidmap, slirp4netns and fuse-overlayfs are what podman needs to run containers here.
# - /etc/containers/containers.conf, default_ulimits: podman asks for nofile/nproc limits above the
#   machine's hard limits, and the kernel refuses them ("setrlimit RLIMIT_NOFILE/RLIMIT_NPROC: Operation
#   not permitted"). We ask for 4096 (or the hard limit, if that is lower).
# - containers.conf, runtime = "runc": crun refuses the machine's hybrid cgroup (v1 + v2) layout; runc works.
# - localhost/node-base:20: no container registry is reachable, so `FROM node:20-...` cannot be pulled.
#   The base image is assembled from the host's own node, npm, sh and env plus the shared libraries
#   `ldd` lists for them (copied by what ldd names, not from a fixed list), and imported with
#   `podman import`. Build project images with `--build-arg NODE_IMAGE=localhost/node-base:20` and, for
#   `npm ci` behind the TLS-intercepting proxy, `--secret id=npm_ca,src="$NODE_EXTRA_CA_CERTS"` (a build
#   secret never lands in a layer).
# - API service: `podman system service` serves a Docker-compatible API on /run/podman/podman.sock, which
#   testcontainers uses through DOCKER_HOST.
# - TESTCONTAINERS_RYUK_DISABLED=true: Ryuk (the reaper container) cannot be pulled without a registry;
#   tests must stop their own containers.
# - TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1: talk to mapped ports on loopback only, never to the bridge's
#   10.x address that testcontainers reports without the override.
# - Use `localhost/...` image names so nothing ever tries to pull.
set -uo pipefail

SOCK_DIR=/run/podman
SOCK_PATH=$SOCK_DIR/podman.sock
SOCK_URL=unix://$SOCK_PATH
PID_FILE=$SOCK_DIR/service.pid
SERVICE_LOG=/tmp/podman-service.log
APT_LOG=/tmp/setup-podman-apt.log
BASE_IMAGE=localhost/node-base:20
CONF=/etc/containers/containers.conf
PACKAGES=(podman runc uidmap slirp4netns fuse-overlayfs)

# fd 3 is the real stdout, kept for the final status line; everything else goes to stderr.
exec 3>&1 1>&2

log() { echo "setup-podman: $*" >&2; }
ready() { echo "engine: ready" >&3; exit 0; }
unavailable() { echo "engine: unavailable: $(echo "$*" | tr '\n' ' ' | sed 's/  */ /g; s/ $//')" >&3; exit 1; }

# One line from a command's error output, for the status line.
last_error() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-200; }

socket_answers() {
  [ -S "$SOCK_PATH" ] || return 1
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -fsS --max-time 3 --unix-socket "$SOCK_PATH" http://d/_ping 2>/dev/null)" = "OK" ]
  else
    timeout 5 podman --remote --url "$SOCK_URL" version >/dev/null 2>&1
  fi
}

# The pid in $PID_FILE, if it is alive and is our `podman system service`.
service_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'podman system service' || return 1
  echo "$pid"
}

print_env() {
  cat >&3 <<EOF
export DOCKER_HOST=$SOCK_URL
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
EOF
  exit 0
}

stop_service() {
  local pid i
  if ! pid=$(service_pid); then
    rm -f "$PID_FILE"
    if socket_answers; then
      echo "engine: unavailable: an API service not started by this script answers on $SOCK_PATH; not stopping it" >&3
      exit 1
    fi
    echo "engine: stopped (was not running)" >&3
    exit 0
  fi
  log "stopping podman API service (pid $pid)"
  kill "$pid" 2>/dev/null
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "service did not stop on SIGTERM; sending SIGKILL"
    kill -9 "$pid" 2>/dev/null
    sleep 0.5
  fi
  rm -f "$PID_FILE" "$SOCK_PATH"
  echo "engine: stopped" >&3
  exit 0
}

case "${1:-}" in
  "") ;;
  --env) print_env ;;
  --stop) stop_service ;;
  -h|--help) sed -n '2,13p' "$0" >&3; exit 0 ;;
  *) echo "usage: $0 [--env|--stop]" >&2; exit 2 ;;
esac

start=$(date +%s)
[ "$(id -u)" -eq 0 ] || unavailable "must run as root (uid $(id -u))"

# Two concurrent runs would race on apt, the image and the socket.
lock_file=/run/lock/setup-podman.lock
[ -d /run/lock ] && [ -w /run/lock ] || lock_file=/tmp/setup-podman.lock
exec 9>"$lock_file"
flock -w 600 9 || unavailable "another setup-podman.sh run holds the lock"

# 1. Packages ------------------------------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && command -v podman >/dev/null 2>&1; then
  log "packages already installed ($(podman --version 2>/dev/null))"
else
  command -v apt-get >/dev/null 2>&1 || unavailable "apt-get not found; cannot install ${missing[*]}"
  log "installing ${missing[*]} (apt log: $APT_LOG)"
  : >"$APT_LOG"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get -o DPkg::Lock::Timeout=300 update >>"$APT_LOG" 2>&1; then
    unavailable "apt-get update failed: $(last_error "$APT_LOG")"
  fi
  if ! apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${PACKAGES[@]}" >>"$APT_LOG" 2>&1; then
    unavailable "apt-get install failed: $(last_error "$APT_LOG")"
  fi
  command -v podman >/dev/null 2>&1 || unavailable "podman not found after apt-get install"
  log "installed $(podman --version 2>/dev/null)"
fi

# 2. containers.conf -----------------------------------------------------------------------------------
limit() { # min(4096, hard limit)
  local hard=$1
  if [ "$hard" = unlimited ] || [ "$hard" -ge 4096 ] 2>/dev/null; then echo 4096; else echo "$hard"; fi
}
nofile=$(limit "$(ulimit -Hn)")
nproc=$(limit "$(ulimit -Hu)")
conf_new=$(cat <<EOF
# Written by scripts/containers/setup-podman.sh (see its header for the reasons).
[containers]
# The machine's hard limits are lower than podman's defaults; asking for more is refused
# ("setrlimit RLIMIT_NOFILE/RLIMIT_NPROC: Operation not permitted").
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
# crun refuses the machine's hybrid cgroup layout; runc works.
runtime = "runc"
EOF
)
mkdir -p "$(dirname "$CONF")"
if [ -f "$CONF" ] && [ "$(cat "$CONF")" = "$conf_new" ]; then
  log "$CONF already up to date"
else
  if [ -f "$CONF" ]; then
    cp -p "$CONF" "$CONF.bak.$(date +%Y%m%d%H%M%S)"
    log "replacing $CONF (previous copy kept as $CONF.bak.*)"
  else
    log "writing $CONF"
  fi
  printf '%s\n' "$conf_new" >"$CONF"
fi

# 3. podman info ---------------------------------------------------------------------------------------
err=$(mktemp)
if ! podman info >/dev/null 2>"$err"; then
  reason=$(last_error "$err"); rm -f "$err"
  unavailable "podman info failed: $reason"
fi
rm -f "$err"

# 4. Local base image ----------------------------------------------------------------------------------
build_base() {
  local node npm_dir base tarball lib
  node=$(readlink -f "$(command -v node)") || return 1
  [ -x "$node" ] || { echo "node not found on the host" >&2; return 1; }
  npm_dir=$(readlink -f "$(dirname "$node")/../lib/node_modules/npm")
  [ -f "$npm_dir/bin/npm-cli.js" ] || npm_dir=/usr/lib/node_modules/npm
  [ -f "$npm_dir/bin/npm-cli.js" ] || { echo "npm not found on the host" >&2; return 1; }

  base=$(mktemp -d /tmp/node-base.XXXXXX)
  tarball=$(mktemp /tmp/node-base.XXXXXX.tar)
  (
    set -e
    mkdir -p "$base"/usr/bin "$base"/usr/lib/node_modules "$base"/bin "$base"/tmp "$base"/etc \
             "$base"/home/node "$base"/root
    cp "$node" "$base"/usr/bin/node
    cp "$(readlink -f /usr/bin/env)" "$base"/usr/bin/env
    cp "$(readlink -f /bin/sh)" "$base"/bin/sh
    cp -r "$npm_dir" "$base"/usr/lib/node_modules/npm
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$base"/usr/bin/npm
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$base"/usr/bin/npx
    # Every library ldd names (`lib => /path`) and the loader (a bare `/path`), at the same path.
    for lib in $(ldd "$node" /bin/sh /usr/bin/env | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u); do
      mkdir -p "$base$(dirname "$lib")"
      cp -L "$lib" "$base$lib"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$base"/etc/passwd
    printf 'root:x:0:\nnode:x:1000:\n' >"$base"/etc/group
    chown 1000:1000 "$base"/home/node
    chmod 1777 "$base"/tmp
    tar -C "$base" -cf "$tarball" .
    podman import --change 'ENV PATH=/usr/bin:/bin' --change 'CMD ["node"]' \
      --message "node $("$node" --version) from the host, by setup-podman.sh" \
      "$tarball" "$BASE_IMAGE" >/dev/null
  )
  local status=$?
  rm -rf "$base" "$tarball"
  return $status
}

if podman image exists "$BASE_IMAGE"; then
  log "$BASE_IMAGE already present"
else
  log "building $BASE_IMAGE from the host's node $(node --version 2>/dev/null)"
  err=$(mktemp)
  if ! build_base 2>"$err"; then
    reason=$(last_error "$err"); rm -f "$err"
    unavailable "could not build $BASE_IMAGE: $reason"
  fi
  rm -f "$err"
fi

# A real container start: proves runtime, ulimits, storage and the image together.
err=$(mktemp)
out=$(podman run --rm --network none "$BASE_IMAGE" node -e 'console.log(1)' 2>"$err")
if [ "$out" != 1 ]; then
  reason=$(last_error "$err"); rm -f "$err"
  unavailable "podman run $BASE_IMAGE failed: ${reason:-unexpected output '$out'}"
fi
rm -f "$err"
log "podman run $BASE_IMAGE works"

# 5. Docker-compatible API service ---------------------------------------------------------------------
mkdir -p "$SOCK_DIR"
if socket_answers; then
  if pid=$(service_pid); then log "API socket $SOCK_PATH already answers (pid $pid)"
  else log "API socket $SOCK_PATH already answers (service not started by this script)"; fi
else
  if pid=$(service_pid); then
    # Alive but not answering (still starting, or stuck): give it a moment, then replace it.
    for _ in $(seq 1 25); do socket_answers && break; sleep 0.2; done
    if ! socket_answers; then
      log "API service pid $pid does not answer; restarting it"
      kill "$pid" 2>/dev/null; sleep 1; kill -9 "$pid" 2>/dev/null
    fi
  fi
  if ! socket_answers; then
    rm -f "$SOCK_PATH" "$PID_FILE"
    log "starting podman system service on $SOCK_PATH (log: $SERVICE_LOG)"
    # setsid: its own session, so it outlives this script and the caller's process group.
    # The inner shell closes every inherited descriptor above 2 (our saved stdout on fd 3, the lock on
    # fd 9, a caller's pipes: a caller reading `$(setup-podman.sh)` would otherwise wait for the
    # service to exit), writes its own pid, then execs podman under that same pid.
    PID_FILE="$PID_FILE" SOCK_URL="$SOCK_URL" setsid nohup bash -c '
      for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && { eval "exec $fd>&-"; } 2>/dev/null; done
      echo $$ >"$PID_FILE"
      exec podman system service --time=0 "$SOCK_URL"' </dev/null >>"$SERVICE_LOG" 2>&1 9>&- 3>&- &
    for _ in $(seq 1 100); do socket_answers && break; sleep 0.2; done
    socket_answers || unavailable "API socket $SOCK_PATH did not answer within 20s: $(last_error "$SERVICE_LOG")"
    log "API service running (pid $(cat "$PID_FILE" 2>/dev/null))"
  fi
fi

log "done in $(( $(date +%s) - start ))s; use: eval \"\$($0 --env)\""
ready
