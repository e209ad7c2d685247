#!/usr/bin/env bash
# SIP load figures for SwiftPBX, driven by SIPp over 127.0.0.1 (the figures
# and how to read them are in docs/PERFORMANCE.md):
#   a) REGISTER -> 401 -> REGISTER with digest auth -> 200, 1,000 users from
#      an injection file, at stepped rates;
#   b) calls (INVITE with a PCMU offer -> 100/200 -> ACK -> the PBX's BYE ->
#      200) to 1000 (Playback hello-world), 1001 (Wait 1) and 1002 (Answer,
#      Hangup), at stepped rates.
# Each step reports successful and failed counts, the PBX's CPU seconds per
# 1,000 successes (utime+stime from /proc/PID/stat) and its RSS.
#
# A finished SIP transaction is kept for 64*T1 = 32 s (RFC 3261 Timers J, K,
# L) and its clean-up costs CPU then, so each step is followed by a quiet
# tail (TAIL_SECONDS) whose CPU is counted with the step: CPU/1000 is the
# whole cost. TAIL_SECONDS=0 gives quick in-step figures for finding limits.
#
# Settings (environment):
#   SIP_LOAD_PORT=5960          SIP port of the PBX (SIPp uses PORT+1)
#   REGISTER_RATES="1000 2000"           REGISTER_SECONDS=10
#   CALL_EXTENSIONS="1000 1001 1002"     CALL_SECONDS=10
#   CALL_RATES_1000="100 200"            (CALL_RATES sets all three at once)
#   CALL_RATES_1001="400"                CALL_RATES_1002="400"
#   TAIL_SECONDS=33             quiet time after each step, counted with it
#   (the defaults take about five minutes; with TAIL_SECONDS=0 longer rate
#   lists such as REGISTER_RATES="1000 2000 3000 4000" fit in the same time)
#   (an empty REGISTER_RATES or CALL_EXTENSIONS leaves that benchmark out)
#   STOP_AFTER_FAILED_STEP=yes  stop a benchmark after its first step that does not hold
#                               (>= 1 % failed, or under 95 % of the offered rate achieved)
#   SKIP_BUILD=no               yes: use the existing .build/release/swiftpbx
#   KEEP_DIR=no                 yes: keep the temporary directory (configs, logs)
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${SIP_LOAD_PORT:-5960}
SIPP_PORT=$((PORT + 1))
REGISTER_RATES=${REGISTER_RATES-"1000 2000"}
REGISTER_SECONDS=${REGISTER_SECONDS:-10}
CALL_EXTENSIONS=${CALL_EXTENSIONS-"1000 1001 1002"}
CALL_SECONDS=${CALL_SECONDS:-10}
CALL_RATES_1000=${CALL_RATES_1000:-${CALL_RATES:-"100 200"}}
CALL_RATES_1001=${CALL_RATES_1001:-${CALL_RATES:-"400"}}
CALL_RATES_1002=${CALL_RATES_1002:-${CALL_RATES:-"400"}}
TAIL_SECONDS=${TAIL_SECONDS:-33}
STOP_AFTER_FAILED_STEP=${STOP_AFTER_FAILED_STEP:-yes}
SKIP_BUILD=${SKIP_BUILD:-no}
KEEP_DIR=${KEEP_DIR:-no}
PEERS=1000
TICKS=$(getconf CLK_TCK)

die() { echo "sip-load: $*" >&2; exit 1; }
command -v sipp >/dev/null || die "sipp not found (Debian package sip-tester)"
for value in "$PORT" "$REGISTER_SECONDS" "$CALL_SECONDS" $REGISTER_RATES $CALL_RATES_1000 $CALL_RATES_1001 $CALL_RATES_1002; do
    [[ $value =~ ^[0-9]+$ && $value -gt 0 ]] || die "not a positive whole number: '$value'"
done
[[ $TAIL_SECONDS =~ ^[0-9]+$ ]] || die "TAIL_SECONDS is a whole number of seconds"
((REGISTER_SECONDS <= 120 && CALL_SECONDS <= 120 && TAIL_SECONDS <= 120)) || die "durations are capped at 120 s"

WORK=$(mktemp -d /tmp/sip-load.XXXXXX)
PBX_PID=""
SIPP_PID=""
cleanup() {
    # Only the processes this script started, by their PID.
    if [[ -n $SIPP_PID ]] && kill -0 "$SIPP_PID" 2>/dev/null; then kill "$SIPP_PID" 2>/dev/null; fi
    if [[ -n $PBX_PID ]] && kill -0 "$PBX_PID" 2>/dev/null; then
        kill "$PBX_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$PBX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$PBX_PID" 2>/dev/null && kill -9 "$PBX_PID" 2>/dev/null
    fi
    if [[ $KEEP_DIR == yes ]]; then echo "sip-load: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------
if [[ $SKIP_BUILD != yes ]]; then
    echo "building swiftpbx (release)..." >&2
    (cd "$ROOT" && swift build -c release --product swiftpbx 2>&1 | tail -3) >&2 || die "release build failed"
fi
PBX="$ROOT/.build/release/swiftpbx"
[[ -x $PBX ]] || die "no $PBX"

# --- configuration -----------------------------------------------------------
CONF="$WORK/conf"
mkdir -p "$CONF" "$WORK/run" "$WORK/spool" "$WORK/data" "$WORK/log" "$WORK/sipp"
{
    echo "[general]"
    echo "context=default"
    echo "allowguest=yes"
    echo "realm=swiftpbx"
    echo "digestalgorithms=md5"
    echo "bindport=$PORT"
    echo "bindaddr=127.0.0.1:$PORT"
    # Without an IPv6 bindaddr the IPv6 wildcard would be bound: keep it on loopback.
    echo "bindaddr=[::1]:$PORT"
    echo "disallow=all"
    echo "allow=ulaw"
    echo "maxexpiry=3600"
    echo
    for ((i = 0; i < PEERS; i++)); do
        printf '[u%04d]\ntype=friend\nhost=dynamic\nsecret=u%04dpw\ncontext=default\n\n' "$i" "$i"
    done
} >"$CONF/sip.conf"
cat >"$CONF/extensions.conf" <<'EOF'
[default]
exten => 1000,1,Answer
 same => n,Playback(hello-world)
 same => n,Hangup
exten => 1001,1,Answer
 same => n,Wait(1)
 same => n,Hangup
exten => 1002,1,Answer
 same => n,Hangup
EOF
printf '[general]\nrtpstart=20000\nrtpend=40000\n' >"$CONF/rtp.conf"
printf '[modules]\nautoload=yes\n' >"$CONF/modules.conf"
cat >"$CONF/swiftpbx.conf" <<EOF
[directories]
spooldir => $WORK/spool
datadir => $WORK/data
sounddir => $ROOT/sounds
rundir => $WORK/run
logdir => $WORK/log
EOF
{
    echo "SEQUENTIAL"
    # SIPp does not expand [field] keywords nested inside [authentication ...],
    # so the whole keyword comes from the file (field2) as well.
    for ((i = 0; i < PEERS; i++)); do
        printf 'u%04d;u%04dpw;[authentication username=u%04d password=u%04dpw]\n' "$i" "$i" "$i" "$i"
    done
} >"$WORK/users.csv"

cat >"$WORK/register.xml" <<'EOF'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register with digest auth">
  <send retrans="500">
    <![CDATA[
      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: <sip:[field0]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag0[call_number]
      To: <sip:[field0]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 REGISTER
      Contact: <sip:[field0]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Expires: 3600
      User-Agent: SIPp
      Content-Length: 0
    ]]>
  </send>
  <recv response="401" auth="true"/>
  <send retrans="500">
    <![CDATA[
      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: <sip:[field0]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag0[call_number]
      To: <sip:[field0]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 2 REGISTER
      Contact: <sip:[field0]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Expires: 3600
      User-Agent: SIPp
      [field2]
      Content-Length: 0
    ]]>
  </send>
  <recv response="200"/>
</scenario>
EOF

cat >"$WORK/call.xml" <<'EOF'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="call answered, PBX hangs up">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: "Load" <sip:load@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:load@[local_ip]:[local_port]>
      Max-Forwards: 70
      User-Agent: SIPp
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: "Load" <sip:load@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:load@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv request="BYE" timeout="15000"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
</scenario>
EOF

# --- the PBX -----------------------------------------------------------------
# utime+stime of a process in clock ticks (fields 14 and 15 of
# /proc/PID/stat, counted after the ')' that ends the command name).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
port_bound() { # UDP port, in hex, in /proc/net/udp
    local hex
    hex=$(printf '%04X' "$1")
    grep -q ":$hex " /proc/net/udp 2>/dev/null
}

(cd "$WORK" && exec "$PBX" -f -C "$CONF" >"$WORK/pbx.log" 2>&1) &
PBX_PID=$!
for _ in $(seq 1 100); do
    port_bound "$PORT" && break
    kill -0 "$PBX_PID" 2>/dev/null || { tail -20 "$WORK/pbx.log" >&2; die "the PBX exited at start"; }
    sleep 0.1
done
port_bound "$PORT" || die "the PBX did not bind 127.0.0.1:$PORT within 10 s"
sleep 1
# Idle cost over two seconds: timers and housekeeping the steps' CPU includes too.
IDLE_BEFORE=$(cpu_ticks "$PBX_PID")
sleep 2
IDLE_CPU_PCT=$(awk -v t=$(($(cpu_ticks "$PBX_PID") - IDLE_BEFORE)) -v k="$TICKS" 'BEGIN { printf "%.1f", t / k / 2 * 100 }')
IDLE_RSS=$(rss_kb "$PBX_PID")
echo "PBX pid $PBX_PID on 127.0.0.1:$PORT, $PEERS peers; idle: RSS $((IDLE_RSS / 1024)) MB, CPU $IDLE_CPU_PCT %"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); SIPp $(sipp -v 2>/dev/null | awk '/SIPp v/ { print $2; exit }')"

# --- one step ----------------------------------------------------------------
# CPU seconds used so far by this shell's finished children (SIPp's runs),
# into CHILD_CPU. `times` must run in this shell, not in a $( ) subshell.
read_children_cpu() {
    times >"$WORK/times.txt"
    CHILD_CPU=$(awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$WORK/times.txt")
}
to_seconds() { awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }' <<<"$1"; }
# Column NAME of the last line (or of the first line where TotalCallCreated
# reaches $3, when given) of a SIPp statistics file.
stat_column() {
    awk -F';' -v name="$2" -v target="${3:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i == name) col = i; if ($i == "TotalCallCreated") made = i }; next }
        { last = $col; if (target != "" && !found && $made + 0 >= target + 0) { first = $col; found = 1 } }
        END { print (found ? first : last) }' "$1"
}

# run_step NAME SCENARIO RATE SECONDS [sipp arguments...]
# Prints one table row and sets STEP_OK, STEP_FAILED_PCT (an integer, per
# mille) and STEP_ACHIEVED.
run_step() {
    local name=$1 scenario=$2 rate=$3 seconds=$4
    shift 4
    local calls=$((rate * seconds))
    local stat="$WORK/sipp/$name-$rate.csv"
    local before after sipp_before sipp_after
    before=$(cpu_ticks "$PBX_PID")
    read_children_cpu
    sipp_before=$CHILD_CPU
    (cd "$WORK/sipp" && exec timeout -k 5 $((seconds + 40)) sipp -sf "$scenario" -i 127.0.0.1 -p "$SIPP_PORT" \
        -r "$rate" -m "$calls" -recv_timeout 20000 -nostdin -trace_stat -stf "$stat" -fd 1 \
        -trace_err -error_file "$WORK/sipp/$name-$rate-errors.log" "$@" "127.0.0.1:$PORT" >/dev/null 2>&1) &
    SIPP_PID=$!
    wait "$SIPP_PID"
    SIPP_PID=""
    # Let the PBX finish what the last calls left (BYE retransmissions).
    sleep 1
    read_children_cpu
    sipp_after=$CHILD_CPU
    kill -0 "$PBX_PID" 2>/dev/null || { tail -20 "$WORK/pbx.log" >&2; die "the PBX died during $name at $rate/s"; }
    local during tail=0 rss
    during=$(($(cpu_ticks "$PBX_PID") - before))
    rss=$(rss_kb "$PBX_PID")
    if ((TAIL_SECONDS > 0)); then
        sleep "$TAIL_SECONDS"
        kill -0 "$PBX_PID" 2>/dev/null || { tail -20 "$WORK/pbx.log" >&2; die "the PBX died after $name at $rate/s"; }
        tail=$(($(cpu_ticks "$PBX_PID") - before - during))
    fi
    after=$((before + during + tail))

    local created ok retrans inject_time
    created=$(stat_column "$stat" TotalCallCreated)
    ok=$(stat_column "$stat" "SuccessfulCall(C)")
    retrans=$(stat_column "$stat" "Retransmissions(C)")
    inject_time=$(to_seconds "$(stat_column "$stat" "ElapsedTime(C)" "$calls")")
    [[ $created =~ ^[0-9]+$ && $ok =~ ^[0-9]+$ ]] || { created=0; ok=0; }
    # Calls never started, failed, or still open when SIPp stopped all count as failed.
    local failed=$((calls - ok))
    ((failed < 0)) && failed=0
    STEP_OK=$ok
    STEP_FAILED_PM=$((failed * 1000 / calls))
    awk -v name="$name" -v rate="$rate" -v calls="$calls" -v ok="$ok" -v failed="$failed" -v t="$inject_time" \
        -v seconds="$seconds" -v cpu=$((after - before)) -v during="$during" -v ticks="$TICKS" -v sipp="$(awk -v a="$sipp_before" -v b="$sipp_after" 'BEGIN { print b - a }')" \
        -v retrans="${retrans:-0}" -v rss="$rss" '
        BEGIN {
            if (t < seconds) t = seconds
            cpus = cpu / ticks
            printf "%-10s %7d %8d %8d %7d %7.2f %9.0f %8.2f %8.2f %9.3f %8.1f %8d %7.1f\n",
                name, rate, calls, ok, failed, 100 * failed / calls, ok / t, during / ticks, (cpu - during) / ticks,
                (ok > 0 ? cpus * 1000 / ok : 0), sipp, retrans, rss / 1024
        }'
    STEP_ACHIEVED=$(awk -v ok="$ok" -v t="$inject_time" -v s="$seconds" 'BEGIN { if (t < s) t = s; printf "%.0f", ok / t }')
    STEP_CPU_PER_1000=$(awk -v c=$((after - before)) -v k="$TICKS" -v ok="$ok" 'BEGIN { printf "%.3f", (ok > 0 ? c / k * 1000 / ok : 0) }')
}

header() {
    printf '%-10s %7s %8s %8s %7s %7s %9s %8s %8s %9s %8s %8s %7s\n' \
        "$1" "rate/s" "offered" "ok" "failed" "fail%" "achieved" "CPU-step" "CPU-tail" "CPU/1000" "SIPp-CPU" "retrans" "RSS-MB"
}

# run_benchmark NAME SCENARIO SECONDS "RATES" GOAL [sipp arguments...]
run_benchmark() {
    local name=$1 scenario=$2 seconds=$3 rates=$4 goal=$5
    shift 5
    local best="none" best_achieved=0 best_cpu="-"
    header "$name"
    for rate in $rates; do
        run_step "$name" "$scenario" "$rate" "$seconds" "$@"
        # A step holds when under 1 % failed and SIPp got at least 95 % of
        # the offered rate through (fewer means the PBX fell behind).
        if ((STEP_FAILED_PM < 10 && STEP_ACHIEVED * 100 >= rate * 95)); then
            best=$rate
            best_achieved=$STEP_ACHIEVED
            best_cpu=$STEP_CPU_PER_1000
        elif [[ $STOP_AFTER_FAILED_STEP == yes ]]; then
            break
        fi
    done
    echo "SUMMARY $name: highest step with < 1 % failed and >= 95 % of its rate achieved: $best/s (achieved $best_achieved/s, $best_cpu PBX CPU-s per 1,000); goal $goal"
    echo
}

echo
if [[ -n ${REGISTER_RATES// /} ]]; then
    run_benchmark REGISTER "$WORK/register.xml" "$REGISTER_SECONDS" "$REGISTER_RATES" ">= 3,000/s" -inf "$WORK/users.csv"
fi
for exten in $CALL_EXTENSIONS; do
    case $exten in
        1000) rates=$CALL_RATES_1000 goal=">= 1,200 calls/s, <= 1.5 CPU-s per 1,000" ;;
        1001) rates=$CALL_RATES_1001 goal=">= 3,000 calls/s, <= 0.3 CPU-s per 1,000" ;;
        1002) rates=$CALL_RATES_1002 goal=">= 4,000 calls/s" ;;
        *) die "no such extension in the test dialplan: $exten" ;;
    esac
    run_benchmark "call-$exten" "$WORK/call.xml" "$CALL_SECONDS" "$rates" "$goal" -s "$exten"
done
echo "PBX RSS at the end: $(($(rss_kb "$PBX_PID") / 1024)) MB (idle at start: $((IDLE_RSS / 1024)) MB)"
