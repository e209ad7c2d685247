#!/usr/bin/env bash
# Builds every sound in this directory from source/prompts.txt.
#
# Needs the Debian packages espeak-ng and sox:
#     apt-get install espeak-ng sox
#
# For each line NAME|TEXT it speaks TEXT with espeak-ng, trims the silence at
# both ends, normalises the level and writes four files next to this script:
#     NAME.wav    RIFF WAV, 16-bit signed PCM, mono, 8000 Hz
#     NAME.ulaw   raw G.711 mu-law, mono, 8000 Hz
#     NAME.alaw   raw G.711 A-law, mono, 8000 Hz
#     NAME.sln16  raw signed 16-bit little-endian PCM, mono, 16000 Hz
#     NAME.g722   raw G.722 (64 kbit/s), encoded from NAME.sln16 by the
#                 project's own encoder (swift run SoundEncoder), since no
#                 Debian tool writes G.722
# The line "beep|" (no text) becomes a 1000 Hz sine tone of 0.25 s instead.
#
# The output is deterministic: fixed voice, speed and pitch, sox in repeatable
# mode (-R) with dithering off (-D), so the same input gives the same bytes.
set -euo pipefail

# Fixed synthesis settings: changing any of them changes every file.
readonly VOICE="en-us"
# A measured telephone pace: slower than espeak-ng's default of 175 wpm,
# with a short pause between words, so prompts stay clear over G.711.
readonly SPEED_WPM=130
readonly WORD_GAP_10MS=2
readonly PITCH=50
readonly AMPLITUDE=100
# Silence trimming: cut until 10 ms stay above -46 dB (0.5 % of full scale).
readonly TRIM_DURATION="0.01"
readonly TRIM_THRESHOLD="0.5%"
# Peak level after normalisation, in dBFS; leaves headroom for resampling.
readonly PEAK_DB="-3"
readonly BEEP_HZ=1000
readonly BEEP_SECONDS="0.25"
# A 5 ms fade at each end of the beep avoids clicks without changing its length.
readonly BEEP_FADE_SECONDS="0.005"

die() {
    printf 'make-sounds.sh: %s\n' "$*" >&2
    exit 1
}

missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=("espeak-ng")
command -v sox >/dev/null 2>&1 || missing+=("sox")
if ((${#missing[@]} > 0)); then
    die "missing required program(s): ${missing[*]}; install with: apt-get install ${missing[*]}"
fi

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly script_dir
readonly prompts_file="$script_dir/source/prompts.txt"
readonly out_dir="$script_dir"
[[ -r "$prompts_file" ]] || die "cannot read $prompts_file"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/make-sounds.XXXXXX")"
readonly work_dir
trap 'rm -rf -- "$work_dir"' EXIT

# sox options shared by every invocation: quiet except on errors,
# repeatable random numbers, no dither.
readonly SOX=(sox -V1 -R -D)

# Writes the normalised master ($2, 32-bit float WAV) for the text in file $1.
speak_master() {
    local text_file="$1" master="$2"
    local raw="$work_dir/raw.wav"
    espeak-ng -v "$VOICE" -s "$SPEED_WPM" -g "$WORD_GAP_10MS" -p "$PITCH" -a "$AMPLITUDE" \
        -b 1 -f "$text_file" -w "$raw"
    "${SOX[@]}" "$raw" -b 32 -e floating-point "$master" \
        silence 1 "$TRIM_DURATION" "$TRIM_THRESHOLD" \
        reverse \
        silence 1 "$TRIM_DURATION" "$TRIM_THRESHOLD" \
        reverse \
        gain -n "$PEAK_DB"
}

# Writes the beep master ($1, 32-bit float WAV at 16 kHz).
tone_master() {
    local master="$1"
    "${SOX[@]}" -n -r 16000 -c 1 -b 32 -e floating-point "$master" \
        synth "$BEEP_SECONDS" sine "$BEEP_HZ" \
        fade h "$BEEP_FADE_SECONDS" "$BEEP_SECONDS" "$BEEP_FADE_SECONDS" \
        gain -n "$PEAK_DB"
}

# Converts master $1 into the four stored formats, named $2.<ext>.
write_formats() {
    local master="$1" base="$2"
    "${SOX[@]}" "$master" -t wav -e signed-integer -b 16 -c 1 -r 8000 "$base.wav" \
        rate -h 8000
    "${SOX[@]}" "$master" -t ul -c 1 -r 8000 "$base.ulaw" rate -h 8000
    "${SOX[@]}" "$master" -t al -c 1 -r 8000 "$base.alaw" rate -h 8000
    "${SOX[@]}" "$master" -t raw -e signed-integer -b 16 -L -c 1 -r 16000 "$base.sln16" \
        rate -h 16000
}

# G.722 from the 16 kHz file, with the PBX's own encoder (built once).
encoder_dir="$(cd "$script_dir/.." && pwd)"
readonly encoder_dir
write_g722() {
    local base="$1"
    "$encoder_bin" "$base.sln16" "$base.g722"
}

# Read and check every line first, so a bad line stops the run before any
# file is written.
names=()
texts=()
line_number=0
declare -A seen=()
while IFS= read -r line || [[ -n "$line" ]]; do
    line_number=$((line_number + 1))
    line="${line%$'\r'}"
    [[ -z "${line//[[:space:]]/}" || "$line" == \#* ]] && continue

    where="$prompts_file:$line_number"
    [[ "$line" == *"|"* ]] || die "$where: expected NAME|TEXT, got '$line'"
    name="${line%%|*}"
    text="${line#*|}"
    # Names become paths: letters, digits, '-', '_' and one level of '/' only.
    [[ "$name" =~ ^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)?$ ]] \
        || die "$where: invalid sound name '$name'"
    [[ -z "${seen[$name]+x}" ]] || die "$where: duplicate sound name '$name'"
    seen[$name]=1
    if [[ -z "${text//[[:space:]]/}" && "$name" != "beep" ]]; then
        die "$where: '$name' has no text (only 'beep' may be empty)"
    fi
    names+=("$name")
    texts+=("$text")
done <"$prompts_file"

((${#names[@]} > 0)) || die "$prompts_file holds no sounds"

(cd "$encoder_dir" && swift build --product SoundEncoder >/dev/null) || die "cannot build SoundEncoder"
encoder_bin="$(cd "$encoder_dir" && swift build --product SoundEncoder --show-bin-path)/SoundEncoder"
readonly encoder_bin

master="$work_dir/master.wav"
for i in "${!names[@]}"; do
    name="${names[$i]}"
    text="${texts[$i]}"
    if [[ -z "${text//[[:space:]]/}" ]]; then
        tone_master "$master"
    else
        printf '%s\n' "$text" >"$work_dir/text.txt"
        speak_master "$work_dir/text.txt" "$master"
    fi
    mkdir -p "$(dirname "$out_dir/$name")"
    write_formats "$master" "$out_dir/$name"
    write_g722 "$out_dir/$name"
done

printf 'make-sounds.sh: wrote %d sounds (wav, ulaw, alaw, sln16, g722) into %s\n' \
    "${#names[@]}" "$out_dir"
