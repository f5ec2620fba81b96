#!/usr/bin/env bash
# The single-call pipeline overhead of two configurations of one build, measured side by side.
#
#   sudo dev-tools/profiling/paired-overhead.sh OUT_DIR "A_SETTINGS" "B_SETTINGS" [WARM_PAIRS] [PAIRS]
#   e.g. dev-tools/profiling/paired-overhead.sh /tmp/obs "" "MANAGEMENT_TRACING_ENABLED=false" 15 60
#
# Runs `./voice up` of this checkout twice at once, each in a network namespace of its own (so both keep the
# default ports) with its own VOICE_HOME, A with the settings A_SETTINGS and B with B_SETTINGS (space-separated
# NAME=value; "" for the defaults). Then WARM_PAIRS unmeasured calls to each, then PAIRS measured pairs, one call
# at a time, alternating A B, B A, so that whatever the machine does meanwhile falls on both alike. Each call is
# `./voice call docs/samples/hebrew-question.wav --linger-ms 300`; its output is kept in OUT_DIR/{a,b}/callN.txt
# and its turn's "pipeline overhead" in OUT_DIR/{a,b}/overhead.txt. The end prints the median, mean and p90 of each,
# the same of the pairwise differences A - B, and the Hodges-Lehmann estimate of the shift between A and B (the
# median of every difference a - b; steadier than either when single calls vary by tens of ms). Needs root
# (ip netns) and a build (`mvn -o -q package -DskipTests`). Both stacks share the cores: their figures are higher than one stack's, their difference is what
# this measures. (CPU per call is the load benchmark's to measure: here each stack's idle work, over the other
# stack's calls, would drown it.)
set -euo pipefail
OUT=${1:?output folder}; A_SETTINGS=${2-}; B_SETTINGS=${3-}; WARM=${4:-15}; PAIRS=${5:-60}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$OUT/a" "$OUT/b"
OUT=$(cd "$OUT" && pwd)

up() { # side pg-port settings
  local side=$1
  ip netns add "voice-$side" && ip netns exec "voice-$side" ip link set lo up
  rm -rf "$OUT/$side/home" && mkdir -p "$OUT/$side/home"
  # shellcheck disable=SC2086 # settings are NAME=value words
  (cd "$REPO" && setsid ip netns exec "voice-$side" env VOICE_HOME="$OUT/$side/home" PG_PORT="$2" $3 ./voice up \
    > "$OUT/$side/up.log" 2>&1 &)
  for _ in $(seq 1 300); do grep -q "everything is up" "$OUT/$side/up.log" && return; sleep 2; done
  echo "stack $side did not come up: $OUT/$side/up.log" >&2; exit 1
}

call() { # side output
  (cd "$REPO" && VOICE_HOME="$OUT/$1/home" ip netns exec "voice-$1" \
    ./voice call docs/samples/hebrew-question.wav --linger-ms 300 > "$2" 2>&1) || true
}

stop() {
  for side in a b; do
    ip netns pids "voice-$side" 2>/dev/null | xargs -r kill -TERM 2>/dev/null || true
  done
  sleep 30
  for side in a b; do
    ip netns pids "voice-$side" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "voice-$side" 2>/dev/null || true
  done
  rm -f "$REPO/agent-reply.wav"
}
trap stop EXIT

# Different database ports: the two PostgreSQL servers share /tmp for their sockets.
up a 5433 "$A_SETTINGS"
up b 5435 "$B_SETTINGS"
sleep 5
for _ in $(seq 1 "$WARM"); do call a "$OUT/a/warm.txt"; call b "$OUT/b/warm.txt"; done
for i in $(seq 1 "$PAIRS"); do
  if (( i % 2 )); then call a "$OUT/a/call$i.txt"; call b "$OUT/b/call$i.txt"
  else call b "$OUT/b/call$i.txt"; call a "$OUT/a/call$i.txt"; fi
done

overhead() { grep -o "pipeline overhead: [0-9]* ms" "$1" 2>/dev/null | grep -o "[0-9]*" | head -1; }
: > "$OUT/pairs.txt"
for i in $(seq 1 "$PAIRS"); do
  a=$(overhead "$OUT/a/call$i.txt" || true); b=$(overhead "$OUT/b/call$i.txt" || true)
  [[ -n "$a" && -n "$b" ]] && echo "$a $b" >> "$OUT/pairs.txt"
done
cut -d' ' -f1 "$OUT/pairs.txt" > "$OUT/a/overhead.txt"
cut -d' ' -f2 "$OUT/pairs.txt" > "$OUT/b/overhead.txt"
stats() { sort -n | awk '{v[NR]=$1; s+=$1} END {if (NR == 0) {print "no calls"; exit}
  m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "median %s mean %.1f p90 %s (%d calls)\n", m, s/NR, v[int(NR*0.9)+(NR*0.9>int(NR*0.9))], NR}'; }
echo "A ($A_SETTINGS): $(stats < "$OUT/a/overhead.txt")"
echo "B ($B_SETTINGS): $(stats < "$OUT/b/overhead.txt")"
echo "A - B per pair: $(awk '{print $1-$2}' "$OUT/pairs.txt" | stats)"
echo "A - B, Hodges-Lehmann: $(awk 'NR==FNR {a[NR]=$1; n=NR; next} {for (i=1; i<=n; i++) print a[i]-$1}' \
  "$OUT/a/overhead.txt" "$OUT/b/overhead.txt" | stats | cut -d' ' -f1,2)"
