#!/usr/bin/env bash
# Load figures for calls through Dial, driven by two SIPp instances over
# 127.0.0.1 (the figures and how to read them are in docs/PERFORMANCE.md):
#   a) call rate: a SIPp caller dials 3000 (Dial(SIP/bench,20)); a SIPp
#      callee at the peer's fixed address answers with 200 + SDP; the caller
#      sends BYE after CALL_HOLD_MS. Stepped rates; each step reports
#      successful and failed calls, the achieved rate, the PBX's CPU seconds
#      per 1,000 calls and its RSS per concurrent call;
#   b) media: N calls held up at once with 20 ms PCMU RTP streamed by SIPp
#      on both legs (rtp_stream), relayed by the PBX. Reports packets/s
#      through the PBX (from `sip show channelstats`), packet loss, the
#      PBX's CPU (% of one core) over the hold and RSS per call.
#
# Settings (environment):
#   DIAL_LOAD_PORT=5970         SIP port of the PBX (caller PORT+1, callee PORT+2)
#   DIAL_RATES="100 200 300 400"  DIAL_SECONDS=10   CALL_HOLD_MS=1000
#   TAIL_SECONDS=0              quiet time after each rate step, counted with it
#   MEDIA_CALLS="50 200 500"    calls held at once with RTP (empty: leave out)
#   MEDIA_SETUP_RATE=100        calls/s while the media calls are set up
#   MEDIA_MEASURE_SECONDS=15    measured time once all calls are up
#   STOP_AFTER_FAILED_STEP=yes  stop the rate steps after the first that does not hold
#   SKIP_BUILD=no               yes: use the existing .build/release/swiftpbx
#   KEEP_DIR=no                 yes: keep the temporary directory (configs, logs)
#   CALLEE_CODEC=ulaw           ulaw or g722: the callee allows only this codec, so
#                               with g722 every call is transcoded both ways
#                               (the caller stays on PCMU)
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${DIAL_LOAD_PORT:-5970}
CALLER_PORT=$((PORT + 1))
CALLEE_PORT=$((PORT + 2))
DIAL_RATES=${DIAL_RATES-"100 200 300 400"}
DIAL_SECONDS=${DIAL_SECONDS:-10}
CALL_HOLD_MS=${CALL_HOLD_MS:-1000}
TAIL_SECONDS=${TAIL_SECONDS:-0}
MEDIA_CALLS=${MEDIA_CALLS-"50 200 500"}
MEDIA_SETUP_RATE=${MEDIA_SETUP_RATE:-100}
MEDIA_MEASURE_SECONDS=${MEDIA_MEASURE_SECONDS:-15}
STOP_AFTER_FAILED_STEP=${STOP_AFTER_FAILED_STEP:-yes}
SKIP_BUILD=${SKIP_BUILD:-no}
KEEP_DIR=${KEEP_DIR:-no}
TICKS=$(getconf CLK_TCK)
SOUND="$ROOT/sounds/hello-world.ulaw" # raw PCMU, 8 kHz: what rtp_stream sends with payload type 0
CALLEE_CODEC=${CALLEE_CODEC:-ulaw}
case $CALLEE_CODEC in
    # G.722 has PCMU's 8000 Hz RTP clock and 160 bytes per 20 ms, so rtp_stream paces it alike.
    ulaw) CALLEE_SOUND=$SOUND; CALLEE_PT=0; CALLEE_RTPMAP="PCMU/8000" ;;
    g722) CALLEE_SOUND="$ROOT/sounds/hello-world.g722"; CALLEE_PT=9; CALLEE_RTPMAP="G722/8000" ;;
    *) echo "dial-load: CALLEE_CODEC is ulaw or g722" >&2; exit 1 ;;
esac

die() { echo "dial-load: $*" >&2; exit 1; }
command -v sipp >/dev/null || die "sipp not found (Debian package sip-tester)"
for value in "$PORT" "$DIAL_SECONDS" "$CALL_HOLD_MS" "$MEDIA_SETUP_RATE" "$MEDIA_MEASURE_SECONDS" $DIAL_RATES $MEDIA_CALLS; do
    [[ $value =~ ^[0-9]+$ && $value -gt 0 ]] || die "not a positive whole number: '$value'"
done
[[ $TAIL_SECONDS =~ ^[0-9]+$ ]] || die "TAIL_SECONDS is a whole number of seconds"
((DIAL_SECONDS <= 120 && TAIL_SECONDS <= 120 && MEDIA_MEASURE_SECONDS <= 120 && CALL_HOLD_MS <= 60000)) || die "durations are capped at 120 s"
for n in $MEDIA_CALLS; do ((n <= 2000)) || die "MEDIA_CALLS are capped at 2000"; done
[[ -r $SOUND ]] || die "no $SOUND"

WORK=$(mktemp -d /tmp/dial-load.XXXXXX)
PBX_PID=""
CALLER_PID=""
CALLEE_PID=""
stop_pid() { # PID: TERM, then KILL after 5 s; only a process this script started
    local pid=$1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    return 0
}
cleanup() {
    stop_pid "$CALLER_PID"
    stop_pid "$CALLEE_PID"
    stop_pid "$PBX_PID"
    if [[ $KEEP_DIR == yes ]]; then echo "dial-load: kept $WORK" >&2; else rm -rf "$WORK"; fi
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
cat >"$CONF/sip.conf" <<EOF
[general]
context=default
allowguest=yes
bindport=$PORT
bindaddr=127.0.0.1:$PORT
bindaddr=[::1]:$PORT
disallow=all
allow=ulaw

[bench]
type=friend
host=127.0.0.1
port=$CALLEE_PORT
context=default
disallow=all
allow=$CALLEE_CODEC
EOF
cat >"$CONF/extensions.conf" <<'EOF'
[default]
exten => 3000,1,Dial(SIP/bench,20)
 same => n,Hangup()
EOF
# The PBX's RTP ports; SIPp's media ports are kept above them (-mp).
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

# Scenarios. MEDIA is "yes" for the RTP-streaming variants.
write_callee() { # FILE MEDIA
    local port=media_port stream=""
    if [[ $2 == yes ]]; then
        port=rtpstream_audio_port
        stream="<action><exec rtp_stream=\"$CALLEE_SOUND,-1,$CALLEE_PT\"/></action>"
    fi
    cat >"$1" <<EOF
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="callee answers, waits for BYE">
  <recv request="INVITE"/>
  <send><![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]B[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:bench@[local_ip]:[local_port]>
      Content-Length: 0
    ]]></send>
  <send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]B[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:bench@[local_ip]:[local_port]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=bench 1 1 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [$port] RTP/AVP $CALLEE_PT
      a=rtpmap:$CALLEE_PT $CALLEE_RTPMAP
    ]]></send>
  <recv request="ACK">$stream</recv>
  <recv request="BYE" timeout="300000"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]></send>
</scenario>
EOF
}
write_caller() { # FILE MEDIA HOLD_MS
    local port=media_port stream=""
    if [[ $2 == yes ]]; then
        port=rtpstream_audio_port
        stream="<nop><action><exec rtp_stream=\"$SOUND,-1,0\"/></action></nop>"
    fi
    cat >"$1" <<EOF
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="caller dials 3000, hangs up">
  <send retrans="500"><![CDATA[
      INVITE sip:3000@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: "Load" <sip:load@[local_ip]:[local_port]>;tag=[pid]A[call_number]
      To: <sip:3000@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:load@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=load 1 1 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [$port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000
    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
      ACK sip:3000@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: "Load" <sip:load@[local_ip]:[local_port]>;tag=[pid]A[call_number]
      To: <sip:3000@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:load@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
  $stream
  <pause milliseconds="$3"/>
  <send retrans="500"><![CDATA[
      BYE sip:3000@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: "Load" <sip:load@[local_ip]:[local_port]>;tag=[pid]A[call_number]
      To: <sip:3000@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: <sip:load@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
  <recv response="200"/>
</scenario>
EOF
}

# --- measuring ---------------------------------------------------------------
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
port_bound() { grep -q ":$(printf '%04X' "$1") " /proc/net/udp 2>/dev/null; }
# UDP datagrams the kernel dropped for full receive buffers on the PBX's RTP
# sockets (ports 20000-40000; the last column of /proc/net/udp). SIPp's
# rtp_stream does not read what it is sent, so its own sockets drop all.
udp_drops() {
    awk 'NR > 1 { split($2, a, ":"); p = 0; h = a[2]
                  for (i = 1; i <= length(h); i++) p = p * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
                  if (p >= 20000 && p <= 40000) d += $NF }
         END { print d + 0 }' /proc/net/udp
}
# Sums of the PBX's per-channel RTP counters: "CHANNELS RECEIVED SENT".
channel_stats() {
    (cd "$WORK" && timeout 20 "$PBX" -C "$CONF" -rx "sip show channelstats" 2>/dev/null) |
        awk 'NF >= 5 && $(NF) ~ /^[0-9]+$/ && $(NF-1) ~ /^[0-9]+$/ { n++; r += $(NF-1); s += $NF } END { printf "%d %d %d\n", n, r, s }'
}
to_seconds() { awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }' <<<"$1"; }
# Column NAME of the last line (or of the first line where TotalCallCreated
# reaches $3) of a SIPp statistics file; $4 = max gives the column's maximum.
stat_column() {
    awk -F';' -v name="$2" -v target="${3:-}" -v mode="${4:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i == name) col = i; if ($i == "TotalCallCreated") made = i }; next }
        { last = $col; if ($col + 0 > most) most = $col + 0
          if (target != "" && !found && $made + 0 >= target + 0) { first = $col; found = 1 } }
        END { if (mode == "max") print most + 0; else print (found ? first : last) }' "$1"
}

start_pbx() {
    (cd "$WORK" && exec "$PBX" -f -C "$CONF" >"$WORK/pbx.log" 2>&1) &
    PBX_PID=$!
    for _ in $(seq 1 100); do
        port_bound "$PORT" && break
        kill -0 "$PBX_PID" 2>/dev/null || { tail -20 "$WORK/pbx.log" >&2; die "the PBX exited at start"; }
        sleep 0.1
    done
    port_bound "$PORT" || die "the PBX did not bind 127.0.0.1:$PORT within 10 s"
    sleep 1
}
# The callee answers every call for the whole run (-m large).
start_callee() { # SCENARIO NAME
    (cd "$WORK/sipp" && exec timeout -k 5 1800 sipp -sf "$1" -i 127.0.0.1 -p "$CALLEE_PORT" -mp 48000 -cp $((PORT + 4)) \
        -m 100000000 -nostdin -trace_stat -stf "$WORK/sipp/$2-callee.csv" -fd 1 \
        -trace_err -error_file "$WORK/sipp/$2-callee-errors.log" >/dev/null 2>&1) &
    CALLEE_PID=$!
    for _ in $(seq 1 50); do port_bound "$CALLEE_PORT" && break; sleep 0.1; done
    port_bound "$CALLEE_PORT" || die "the SIPp callee did not bind 127.0.0.1:$CALLEE_PORT"
}
check_pbx() { kill -0 "$PBX_PID" 2>/dev/null || { tail -20 "$WORK/pbx.log" >&2; die "the PBX died during $1"; }; }

start_pbx
IDLE_RSS=$(rss_kb "$PBX_PID")
echo "PBX pid $PBX_PID on 127.0.0.1:$PORT; callee peer 'bench' at 127.0.0.1:$CALLEE_PORT; idle RSS $((IDLE_RSS / 1024)) MB"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); SIPp $(sipp -v 2>/dev/null | awk '/SIPp v/ { print $2; exit }')"

# --- a) call rate through Dial -----------------------------------------------
if [[ -n ${DIAL_RATES// /} ]]; then
    write_caller "$WORK/caller.xml" no "$CALL_HOLD_MS"
    write_callee "$WORK/callee.xml" no
    start_callee "$WORK/callee.xml" rate
    echo
    printf '%-6s %7s %8s %8s %7s %7s %9s %8s %8s %9s %7s %7s %9s\n' \
        dial "rate/s" offered ok failed "fail%" achieved CPU-step CPU-tail CPU/1000 retrans "max-up" "KB/call"
    best=none best_line=""
    for rate in $DIAL_RATES; do
        calls=$((rate * DIAL_SECONDS))
        stat="$WORK/sipp/dial-$rate.csv"
        rss_before=$(rss_kb "$PBX_PID")
        before=$(cpu_ticks "$PBX_PID")
        (cd "$WORK/sipp" && exec timeout -k 5 $((DIAL_SECONDS + CALL_HOLD_MS / 1000 + 60)) sipp -sf "$WORK/caller.xml" \
            -i 127.0.0.1 -p "$CALLER_PORT" -mp 46000 -cp $((PORT + 3)) -r "$rate" -m "$calls" -recv_timeout 30000 -nostdin \
            -trace_stat -stf "$stat" -fd 1 -trace_err -error_file "$WORK/sipp/dial-$rate-errors.log" \
            "127.0.0.1:$PORT" >/dev/null 2>&1) &
        CALLER_PID=$!
        # The PBX's peak RSS while the step runs (bounded: SIPp is under timeout).
        rss_peak=$rss_before
        while kill -0 "$CALLER_PID" 2>/dev/null; do
            r=$(rss_kb "$PBX_PID" 2>/dev/null || echo 0)
            ((r > rss_peak)) && rss_peak=$r
            sleep 0.5
        done
        wait "$CALLER_PID"
        CALLER_PID=""
        sleep 1
        check_pbx "dial at $rate/s"
        during=$(($(cpu_ticks "$PBX_PID") - before))
        tail=0
        if ((TAIL_SECONDS > 0)); then
            sleep "$TAIL_SECONDS"
            check_pbx "the tail after $rate/s"
            tail=$(($(cpu_ticks "$PBX_PID") - before - during))
        fi
        ok=$(stat_column "$stat" "SuccessfulCall(C)")
        retrans=$(stat_column "$stat" "Retransmissions(C)")
        up=$(stat_column "$stat" "CurrentCall" "" max)
        inject=$(to_seconds "$(stat_column "$stat" "ElapsedTime(C)" "$calls")")
        line=$(awk -v rate="$rate" -v calls="$calls" -v ok="${ok:-0}" -v t="$inject" -v s="$DIAL_SECONDS" \
            -v during="$during" -v tail="$tail" -v k="$TICKS" -v retrans="${retrans:-0}" -v up="$up" \
            -v rss0="$rss_before" -v rss1="$rss_peak" 'BEGIN {
                if (t < s) t = s
                failed = calls - ok
                printf "%-6s %7d %8d %8d %7d %7.2f %9.0f %8.2f %8.2f %9.3f %7d %7d %9.1f",
                    "dial", rate, calls, ok, failed, 100 * failed / calls, ok / t, during / k, tail / k,
                    (ok > 0 ? (during + tail) / k * 1000 / ok : 0), retrans, up, (up > 0 ? (rss1 - rss0) / up : 0)
            }')
        echo "$line"
        failed_pm=$(((calls - ${ok:-0}) * 1000 / calls))
        achieved_ok=$(awk -v ok="${ok:-0}" -v t="$inject" -v s="$DIAL_SECONDS" -v r="$rate" 'BEGIN { if (t < s) t = s; print (ok / t >= 0.95 * r) ? 1 : 0 }')
        if ((failed_pm < 10 && achieved_ok == 1)); then
            best=$rate best_line=$line
        elif [[ $STOP_AFTER_FAILED_STEP == yes ]]; then
            break
        fi
    done
    echo "SUMMARY dial: highest step with < 1 % failed and >= 95 % of its rate achieved: $best/s; goal >= 300 calls/s"
    echo "(CPU/1000 = the PBX's utime+stime per 1,000 successful calls; max-up = most calls up at once (SIPp caller);"
    echo " KB/call = (peak RSS in the step - RSS before it) / max-up)"
    stop_pid "$CALLEE_PID"
    CALLEE_PID=""
fi

# --- b) concurrent calls with RTP on both legs --------------------------------
if [[ -n ${MEDIA_CALLS// /} ]]; then
    write_callee "$WORK/callee-media.xml" yes
    echo
    printf '%-6s %6s %6s %10s %10s %9s %9s %8s %8s %9s %7s %8s %8s\n' \
        media calls up "rx-pkt/s" "tx-pkt/s" "expected" "lost%" "drops" "CPU%" "CPU-idle%" "RSS-MB" "KB/call" "failed"
    for n in $MEDIA_CALLS; do
        ramp=$(((n + MEDIA_SETUP_RATE - 1) / MEDIA_SETUP_RATE + 3))
        hold_ms=$(((ramp + MEDIA_MEASURE_SECONDS + 3) * 1000))
        write_caller "$WORK/caller-media-$n.xml" yes "$hold_ms"
        start_callee "$WORK/callee-media.xml" "media-$n"
        sleep 1
        check_pbx "media $n (idle)"
        b0=$(cpu_ticks "$PBX_PID")
        sleep 2
        idle_pct=$(awk -v t=$(($(cpu_ticks "$PBX_PID") - b0)) -v k="$TICKS" 'BEGIN { printf "%.1f", t / k / 2 * 100 }')
        rss0=$(rss_kb "$PBX_PID")
        stat="$WORK/sipp/media-$n.csv"
        (cd "$WORK/sipp" && exec timeout -k 5 $((hold_ms / 1000 + 60)) sipp -sf "$WORK/caller-media-$n.xml" \
            -i 127.0.0.1 -p "$CALLER_PORT" -mp 46000 -cp $((PORT + 3)) -r "$MEDIA_SETUP_RATE" -m "$n" -l "$n" \
            -recv_timeout 30000 -nostdin -trace_stat -stf "$stat" -fd 1 \
            -trace_err -error_file "$WORK/sipp/media-$n-errors.log" "127.0.0.1:$PORT" >/dev/null 2>&1) &
        CALLER_PID=$!
        sleep "$ramp"
        check_pbx "media $n (set-up)"
        read -r up0 rx0 tx0 < <(channel_stats)
        d0=$(udp_drops)
        c0=$(cpu_ticks "$PBX_PID")
        t0=$(date +%s.%N)
        sleep "$MEDIA_MEASURE_SECONDS"
        read -r up1 rx1 tx1 < <(channel_stats)
        d1=$(udp_drops)
        c1=$(cpu_ticks "$PBX_PID")
        t1=$(date +%s.%N)
        rss1=$(rss_kb "$PBX_PID")
        wait "$CALLER_PID"
        CALLER_PID=""
        sleep 1
        check_pbx "media $n"
        ok=$(stat_column "$stat" "SuccessfulCall(C)")
        stop_pid "$CALLEE_PID"
        CALLEE_PID=""
        # Each call is two channels; each leg brings 50 packets/s in.
        awk -v n="$n" -v up="$up1" -v rx=$((rx1 - rx0)) -v tx=$((tx1 - tx0)) -v t0="$t0" -v t1="$t1" \
            -v drops=$((d1 - d0)) -v c=$((c1 - c0)) -v k="$TICKS" -v idle="$idle_pct" -v rss0="$rss0" -v rss1="$rss1" \
            -v ok="${ok:-0}" -v up0="$up0" 'BEGIN {
                t = t1 - t0
                expected = n * 2 * 50
                printf "%-6s %6d %6s %10.0f %10.0f %9d %9.2f %8d %8.1f %9s %7.1f %8.1f %8d\n",
                    "media", n, up0 "/" up, rx / t, tx / t, expected, (rx > 0 ? 100 * (rx - tx) / rx : 0), drops,
                    c / k / t * 100, idle, rss1 / 1024, (rss1 - rss0) / n, n - ok
            }'
        sleep 2
    done
    echo "(up = PBX channels at the start/end of the measured ${MEDIA_MEASURE_SECONDS} s (2 per call); rx/tx-pkt/s = sums of"
    echo " 'sip show channelstats' received/sent counters over it; expected = calls x 2 legs x 50/s; lost% = (rx - tx) / rx;"
    echo " drops = kernel receive-buffer drops on the PBX's RTP sockets; CPU% of one core over the measured time; KB/call = RSS growth / calls)"
fi
echo
echo "PBX RSS at the end: $(($(rss_kb "$PBX_PID") / 1024)) MB (idle at start: $((IDLE_RSS / 1024)) MB)"
