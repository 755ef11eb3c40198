#!/usr/bin/env bash
# One real OpenSearch 2.19 node on 127.0.0.1, with no Docker: for development, the OpenSearch half
# of the test suite and the benchmark (docs/opensearch.md).
#
#   scripts/opensearch.sh start    # fetch (first time), start, wait until it answers; the last line is its URL
#   scripts/opensearch.sh status   # says whether it answers /_cluster/health (exit 0), or not (exit 3)
#   scripts/opensearch.sh stop     # ends the node this script started (by its pid file)
#   scripts/opensearch.sh clean    # stop, then delete its data
#
# What runs: OpenSearch 2.19.1 with its modules and the k-NN and neural-search plugins, all from
# Maven Central through scripts/opensearch/pom.xml (cached in ~/.m2), in one JVM (codelibs'
# OpenSearch Runner). k-NN has no native libraries here: indices use the Lucene HNSW engine.
#
# Settings (environment):
#   FOI_OPENSEARCH_HOME   state folder: classpath, plugins, config, data, logs, pid
#                         (default ${XDG_STATE_HOME:-~/.local/state}/foi-search/opensearch)
#   FOI_OPENSEARCH_PORT   HTTP port, 9200-9299 (default 9200; the next free one if taken)
#   FOI_OPENSEARCH_HEAP   JVM heap (default 1g)
#   FOI_OPENSEARCH_START_TIMEOUT_S   how long `start` waits for the node (default 240)
#   FOI_OPENSEARCH_JAVA   the java to run (default: java 11-21 from JAVA_HOME, PATH or /usr/lib/jvm)
#   FOI_MAVEN_REPO        a Maven local repository other than ~/.m2/repository
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
POM="$ROOT/scripts/opensearch/pom.xml"
STATE="${FOI_OPENSEARCH_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/foi-search/opensearch}"
PORT="${FOI_OPENSEARCH_PORT:-9200}"
HEAP="${FOI_OPENSEARCH_HEAP:-1g}"
START_TIMEOUT_S="${FOI_OPENSEARCH_START_TIMEOUT_S:-240}"
PID_FILE="$STATE/node.pid"
URL_FILE="$STATE/node.url"
OUT_FILE="$STATE/node.out"
NODE_LOG="$STATE/node/node_1/logs/foi-search.log"
MAIN_CLASS="org.codelibs.opensearch.runner.OpenSearchRunner"
PLUGIN_CLASSES="org.opensearch.knn.plugin.KNNPlugin,org.opensearch.neuralsearch.plugin.NeuralSearch"

say() { echo "opensearch.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# -- tools ---------------------------------------------------------------------------

java_major() {
  # The major version of a java binary ("17"), or nothing when it does not run.
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

find_java() {
  local candidate major
  for candidate in "${FOI_OPENSEARCH_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" \
    /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/java-21-openjdk-amd64/bin/java \
    /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    # OpenSearch 2.19 runs on Java 11 to 21 (22+ removed what it relies on).
    if [ -n "$major" ] && [ "$major" -ge 11 ] && [ "$major" -le 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_packages() {
  [ "$(id -u)" -eq 0 ] || die "missing $*: install them (sudo apt-get install $*) and run this again"
  say "installing $* (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_tools() {
  local missing=()
  find_java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
  JAVA="$(find_java)" || die "no Java 11-21 found (set FOI_OPENSEARCH_JAVA to one)"
}

mvn_run() {
  local args=(-B -q -f "$POM")
  [ -z "${FOI_MAVEN_REPO:-}" ] || args+=("-Dmaven.repo.local=$FOI_MAVEN_REPO")
  # Maven runs on the same Java as the node.
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")" mvn "${args[@]}" "$@"
}

# The runner's classpath (jars in the Maven cache) and the plugins (unpacked zips), made once per pom.
fetch() {
  local stamp wanted
  wanted="$(sha256sum "$POM" | cut -d' ' -f1)"
  stamp="$STATE/lib/pom.sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && all_jars_present; then
    return 0
  fi
  say "fetching OpenSearch and its plugins through Maven (cached in ~/.m2; the first time takes a minute)"
  rm -rf "$STATE/lib" "$STATE/plugins"
  mkdir -p "$STATE/lib" "$STATE/plugins"
  mvn_run dependency:build-classpath "-Dmdep.outputFile=$STATE/lib/runner.classpath" >"$STATE/lib/mvn.log" 2>&1 ||
    { tail -n 30 "$STATE/lib/mvn.log" >&2; die "Maven could not fetch the OpenSearch runner (log: $STATE/lib/mvn.log)"; }
  mvn_run dependency:unpack "-DoutputDirectory=$STATE/plugins" >>"$STATE/lib/mvn.log" 2>&1 ||
    { tail -n 30 "$STATE/lib/mvn.log" >&2; die "Maven could not fetch the k-NN and neural-search plugins (log: $STATE/lib/mvn.log)"; }
  echo "$wanted" >"$stamp"
}

all_jars_present() {
  local jar
  [ -s "$STATE/lib/runner.classpath" ] && [ -d "$STATE/plugins/opensearch-knn" ] && [ -d "$STATE/plugins/neural-search" ] ||
    return 1
  while IFS= read -r jar; do
    [ -f "$jar" ] || return 1
  done < <(tr ':' '\n' <"$STATE/lib/runner.classpath")
}

# -- the node ------------------------------------------------------------------------

node_pid() {
  # The pid in the pid file when that process is our node (not a reused pid), else nothing.
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  grep -qa "$MAIN_CLASS" "/proc/$pid/cmdline" || return 1
  echo "$pid"
}

health() {
  # The cluster's health status (green/yellow/red) when $1 answers, else nothing.
  { curl -fsS --max-time 5 "$1/_cluster/health" 2>/dev/null || true; } | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

show_failure() {
  say "the node did not start; its output ($OUT_FILE) ends with:"
  tail -n 25 "$OUT_FILE" >&2 || true
  if [ -f "$NODE_LOG" ] && grep -qE "ERROR|Exception" "$NODE_LOG"; then
    say "errors in its log ($NODE_LOG):"
    grep -E -A3 "ERROR|Exception" "$NODE_LOG" | tail -n 25 >&2
  fi
}

start() {
  local pid url port deadline status
  if pid="$(node_pid)"; then
    url="$(cat "$URL_FILE" 2>/dev/null || true)"
    if [ -n "$url" ] && [ -n "$(health "$url")" ]; then
      say "already running (pid $pid)"
      echo "$url"
      return 0
    fi
    say "the node (pid $pid) is starting: waiting for it"
  else
    launch
    pid="$(cat "$PID_FILE")"
  fi
  deadline=$((SECONDS + START_TIMEOUT_S))
  port=""
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      show_failure
      exit 1
    fi
    [ -n "$port" ] || port="$(sed -n 's/^HTTP Port: *\([0-9]*\).*/\1/p' "$OUT_FILE" | head -n 1)"
    if [ -n "$port" ]; then
      url="http://127.0.0.1:$port"
      status="$(health "$url")"
      if [ "$status" = green ] || [ "$status" = yellow ]; then
        echo "$url" >"$URL_FILE"
        say "OpenSearch 2.19 with k-NN and neural-search is up (pid $pid, cluster $status, log $NODE_LOG)"
        echo "$url"
        return 0
      fi
    fi
    sleep 1
  done
  show_failure
  stop >/dev/null 2>&1 || true
  die "the node did not answer within ${START_TIMEOUT_S}s (FOI_OPENSEARCH_START_TIMEOUT_S)"
}

launch() {
  [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 9200 ] && [ "$PORT" -le 9299 ] ||
    die "FOI_OPENSEARCH_PORT must be a port from 9200 to 9299, got $PORT"
  ensure_tools
  mkdir -p "$STATE/config" "$STATE/node" "$STATE/tmp"
  fetch
  cp "$ROOT/scripts/opensearch/opensearch.yml" "$STATE/config/opensearch.yml"
  rm -f "$URL_FILE"
  local classpath
  classpath="$(cat "$STATE/lib/runner.classpath"):$STATE/plugins/opensearch-knn/*:$STATE/plugins/neural-search/*"
  # setsid + nohup: the node outlives this script and ignores the terminal's Ctrl-C and hangup.
  setsid nohup "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
    -Djava.io.tmpdir="$STATE/tmp" -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false \
    -cp "$classpath" "$MAIN_CLASS" \
    -basePath "$STATE/node" -confPath "$STATE/config" -numOfNode 1 -clusterName foi-search \
    -baseHttpPort "$((PORT - 1))" -printOnFailure -pluginTypes "$PLUGIN_CLASSES" \
    >"$OUT_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
}

stop() {
  local pid waited=0
  if ! pid="$(node_pid)"; then
    rm -f "$PID_FILE" "$URL_FILE"
    say "not running"
    return 0
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ $waited -ge 30 ]; then
      say "the node (pid $pid) did not stop within 30s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE" "$URL_FILE"
  say "stopped (pid $pid)"
}

status() {
  local pid url state
  if ! pid="$(node_pid)"; then
    echo "not running"
    return 3
  fi
  url="$(cat "$URL_FILE" 2>/dev/null || true)"
  state="$([ -n "$url" ] && health "$url" || true)"
  if [ -z "$state" ]; then
    echo "starting or not answering (pid $pid${url:+, $url})"
    return 1
  fi
  echo "running: $url (pid $pid, cluster $state)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  clean)
    stop
    rm -rf "$STATE/node" "$STATE/tmp"
    say "deleted the node's data ($STATE/node)"
    ;;
  *)
    echo "usage: $0 start|stop|status|clean" >&2
    exit 2
    ;;
esac
