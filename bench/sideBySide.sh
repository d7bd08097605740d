#!/usr/bin/env bash
# Satisfy beside the reference botbuilder bot on POST /api/messages (issue 18 goal 1).
# Copies ../shared/bench (bf-load and the peer, a yardstick never copied into this repo) to a
# temporary folder and npm-installs there (nothing in this repo changes), builds Satisfy, starts a
# redis-server of its own pinned to the bot's core, writes the bots file (peer05, satisfy-redis
# with the happy and the unhappy script, satisfy-memory), runs bench-matrix interleaved and prints
# report.mjs's table. Usage:
#   bench/sideBySide.sh [extra bench-matrix options]
# Environment (defaults in brackets): SHARED [../shared/bench], CONCURRENCY [50,200],
# CONVERSATIONS [1000,2000], WARMUP [100,200], REPS [3], BOT_CPU [1], HARNESS_CPU [0], NODE_FLAGS
# [--max-semi-space-size=64: the production start of docs/operations.md; empty for node's defaults],
# IDLE_WAIT_S [60], MAX_FOREIGN_CORES [0.5], ATTEMPTS [2], SKIP_BUILD [unset], KEEP [unset: the
# temporary folder is removed at the end unless set].
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
CONCURRENCY=${CONCURRENCY:-50,200}
CONVERSATIONS=${CONVERSATIONS:-1000,2000}
WARMUP=${WARMUP:-100,200}
REPS=${REPS:-3}
BOT_CPU=${BOT_CPU:-1}
HARNESS_CPU=${HARNESS_CPU:-0}
IDLE_WAIT_S=${IDLE_WAIT_S:-60}
MAX_FOREIGN_CORES=${MAX_FOREIGN_CORES:-0.5}
ATTEMPTS=${ATTEMPTS:-2}

[ -d "$SHARED/bf-load" ] && [ -d "$SHARED/peers/05.multi-turn-prompt" ] || { echo "no bf-load or peer under $SHARED (set SHARED)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed to pin the bot and the harness" >&2; exit 1; }

B=$(mktemp -d "${TMPDIR:-/tmp}/satisfy-side-by-side-XXXXXX")
REDIS_PID=
cleanup() {
  # Only the redis-server this script started, by its pid.
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$B"; else echo "kept $B"; fi
}
trap cleanup EXIT

echo "== copying the harness and the peer to $B"
cp -r "$SHARED/bf-load" "$SHARED/peers" "$B/"
(cd "$B/bf-load" && npm install --no-audit --no-fund --loglevel=error && node selftest.mjs >/dev/null)
(cd "$B/peers/05.multi-turn-prompt" && npm install --no-audit --no-fund --loglevel=error)

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== building Satisfy"
  (cd "$ROOT" && npm run build >/dev/null)
fi

# A free port below the ephemeral range (bench-matrix warns about ports inside it: a client
# socket could take the port between two runs).
free_port() { node -e "
const net = require('net');
const tryPort = () => { const p = 20000 + Math.floor(Math.random() * 12000); const s = net.createServer().once('error', tryPort).listen(p, '127.0.0.1', () => { console.log(p); s.close(); }); };
tryPort();"; }
REDIS_PORT=$(free_port)
echo "== redis-server on $REDIS_PORT, pinned to CPU $BOT_CPU with the bot"
taskset -c "$BOT_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$B" --save '' --appendonly no --daemonize no --logfile "$B/redis.log" &
REDIS_PID=$!
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

P1=$(free_port); P2=$(free_port); P3=$(free_port); P4=$(free_port)
S=$B/bf-load/scripts
# The shared unhappy script still expects the callback ending's old wording ("Someone from our
# team will contact you within one business day", "Thank you for telling us."); the sample survey
# now ends "…we'd like to put it right." and the promise of a person follows. Only the copy
# changes.
node -e "
const fs = require('fs'); const f = process.argv[1]; const s = JSON.parse(fs.readFileSync(f, 'utf8'));
s.turns.at(-1).match = '^Thank you! We\\'re sorry it wasn\\'t better, and we\\'d like to put it right\\.\\nA person from our support team will join this chat';
fs.writeFileSync(f, JSON.stringify(s, null, 1));" "$S/satisfy-unhappy.json"
# Every customer comes from 127.0.0.1: the per-client limit on /api/messages (3000/min) would
# refuse the bench, so it is raised (still on, so its cost is measured).
ENV='"HOST":"127.0.0.1","ADMIN_TOKEN":"bench-admin-token-0123456789","TOKEN_SIGNING_KEY":"bench-signing-key-0123456789abcdef012345","RATE_LIMIT_INBOUND":"1000000"'
# The production start of docs/operations.md (a larger young generation: fewer scavenges). The
# Redis bot also runs once on node's defaults (satisfy-redis-plain), unless NODE_FLAGS is empty.
NODE_FLAGS=${NODE_FLAGS---max-semi-space-size=64}
REDIS_BOT="sh -c 'redis-cli -p $REDIS_PORT flushall >/dev/null; exec node $NODE_FLAGS dist/main.js'"
REDIS_BOT_PLAIN="sh -c 'redis-cli -p $REDIS_PORT flushall >/dev/null; exec node dist/main.js'"
P5=$(free_port)
PLAIN=""
[ -n "$NODE_FLAGS" ] && PLAIN=",
  {\"name\":\"satisfy-redis-plain\",\"botCwd\":\"$ROOT\",\"botCmd\":\"$REDIS_BOT_PLAIN\",\"port\":$P5,\"botEnv\":{$ENV,\"REDIS_URL\":\"redis://127.0.0.1:$REDIS_PORT\"},\"harnessArgs\":[\"--aux-pid\",\"$REDIS_PID\"],\"script\":\"$S/satisfy-happy.json\"}"
cat > "$B/bots.json" <<JSON
[
  {"name":"peer05","botCwd":"$B/peers/05.multi-turn-prompt","botCmd":"node --require $B/bf-load/force-loopback.cjs index.js","port":$P1,"script":"$S/multi-turn-prompt-05.json"},
  {"name":"satisfy-redis","botCwd":"$ROOT","botCmd":"$REDIS_BOT","port":$P2,"botEnv":{$ENV,"REDIS_URL":"redis://127.0.0.1:$REDIS_PORT"},"harnessArgs":["--aux-pid","$REDIS_PID"],"script":"$S/satisfy-happy.json"},
  {"name":"satisfy-redis-unhappy","botCwd":"$ROOT","botCmd":"$REDIS_BOT","port":$P3,"botEnv":{$ENV,"REDIS_URL":"redis://127.0.0.1:$REDIS_PORT"},"harnessArgs":["--aux-pid","$REDIS_PID"],"script":"$S/satisfy-unhappy.json"},
  {"name":"satisfy-memory","botCwd":"$ROOT","botCmd":"node $NODE_FLAGS dist/main.js","port":$P4,"botEnv":{$ENV},"script":"$S/satisfy-happy.json"}$PLAIN
]
JSON

echo "== bench-matrix (interleaved; bot on CPU $BOT_CPU, harness on CPU $HARNESS_CPU)"
node "$B/bf-load/bench-matrix.mjs" --bots "$B/bots.json" --concurrency "$CONCURRENCY" \
  --conversations "$CONVERSATIONS" --warmup "$WARMUP" --reps "$REPS" --bot-cpu "$BOT_CPU" --harness-cpu "$HARNESS_CPU" \
  --idle-wait-s "$IDLE_WAIT_S" --max-foreign-cores "$MAX_FOREIGN_CORES" --attempts "$ATTEMPTS" --out-dir "$B/results" "$@"
echo
node "$B/bf-load/report.mjs" "$B"/results/*/summary.json
