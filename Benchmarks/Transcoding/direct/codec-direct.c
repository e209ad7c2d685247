/* The same 20 ms conversions as transcoding-bench, calling spandsp, libopus
   and speexdsp directly: the baseline the Swift wrappers are compared with.
   Build: cc -O2 codec-direct.c -o codec-direct $(pkg-config --cflags --libs spandsp opus speexdsp) -lm */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
#include <spandsp/g722.h>
#include <spandsp/g726.h>
#include <spandsp/gsm0610.h>
#include <opus/opus.h>
#include <speex/speex_resampler.h>

#define RUNS 5
static int frames_per_run = 20000;
static volatile int sink;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void tone(int16_t *out, int count, int rate) {
    for (int i = 0; i < count; i++)
        out[i] = (int16_t)(12000 * sin(2 * M_PI * 1000 * i / rate) + (i % 17 * 40 - 320));
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef void (*work_fn)(void *state);

static void report(const char *name, work_fn work, void *state) {
    double results[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double start = now_ns();
        for (int i = 0; i < frames_per_run; i++) work(state);
        results[r] = (now_ns() - start) / frames_per_run;
    }
    qsort(results, RUNS, sizeof(double), compare);
    printf("%-22s%10.0f\n", name, results[RUNS / 2]);
}

static int16_t pcm8[160], pcm16[320], pcm48[960], out_pcm[5760];
static uint8_t ulaw[160], alaw[160], g722_data[160], g726_data[80], gsm_data[33], opus_data[1275], out_bytes[1275];
static int opus_len;

static void ulaw_to_lin(void *s) { (void)s; for (int i = 0; i < 160; i++) out_pcm[i] = ulaw_to_linear(ulaw[i]); sink = out_pcm[7]; }
static void lin_to_ulaw(void *s) { (void)s; for (int i = 0; i < 160; i++) out_bytes[i] = linear_to_ulaw(pcm8[i]); sink = out_bytes[7]; }
static void alaw_to_lin(void *s) { (void)s; for (int i = 0; i < 160; i++) out_pcm[i] = alaw_to_linear(alaw[i]); sink = out_pcm[7]; }
static void lin_to_alaw(void *s) { (void)s; for (int i = 0; i < 160; i++) out_bytes[i] = linear_to_alaw(pcm8[i]); sink = out_bytes[7]; }
static void g722_enc(void *s) { sink = g722_encode(s, out_bytes, pcm16, 320); }
static void g722_dec(void *s) { sink = g722_decode(s, out_pcm, g722_data, 160); }
static void g726_enc(void *s) { sink = g726_encode(s, out_bytes, pcm8, 160); }
static void g726_dec(void *s) { sink = g726_decode(s, out_pcm, g726_data, 80); }
static void gsm_enc(void *s) { sink = gsm0610_encode(s, out_bytes, pcm8, 160); }
static void gsm_dec(void *s) { sink = gsm0610_decode(s, out_pcm, gsm_data, 33); }
static void opus_enc(void *s) { sink = opus_encode(s, pcm16, 320, out_bytes, 1275); }
static void opus_dec(void *s) { sink = opus_decode(s, opus_data, opus_len, out_pcm, 1920, 0); }

struct resample { SpeexResamplerState *state; const int16_t *in; spx_uint32_t in_len; };
static void resample(void *s) {
    struct resample *r = s;
    spx_uint32_t in_len = r->in_len, out_len = 5760;
    speex_resampler_process_int(r->state, 0, r->in, &in_len, out_pcm, &out_len);
    sink = (int)out_len;
}

int main(void) {
    const char *frames = getenv("FRAMES");
    if (frames) frames_per_run = atoi(frames);
    tone(pcm8, 160, 8000); tone(pcm16, 320, 16000); tone(pcm48, 960, 48000);
    for (int i = 0; i < 160; i++) { ulaw[i] = linear_to_ulaw(pcm8[i]); alaw[i] = linear_to_alaw(pcm8[i]); }
    g722_encode_state_t *g722e = g722_encode_init(NULL, 64000, 0);
    g722_decode_state_t *g722d = g722_decode_init(NULL, 64000, 0);
    g726_state_t *g726e = g726_init(NULL, 32000, G726_ENCODING_LINEAR, G726_PACKING_RIGHT);
    g726_state_t *g726d = g726_init(NULL, 32000, G726_ENCODING_LINEAR, G726_PACKING_RIGHT);
    gsm0610_state_t *gsme = gsm0610_init(NULL, GSM0610_PACKING_VOIP);
    gsm0610_state_t *gsmd = gsm0610_init(NULL, GSM0610_PACKING_VOIP);
    int error;
    OpusEncoder *opuse = opus_encoder_create(16000, 1, OPUS_APPLICATION_VOIP, &error);
    opus_encoder_ctl(opuse, OPUS_SET_COMPLEXITY(5));
    opus_encoder_ctl(opuse, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    OpusDecoder *opusd = opus_decoder_create(16000, 1, &error);
    for (int i = 0; i < 5; i++) {
        g722_encode(g722e, g722_data, pcm16, 320);
        g726_encode(g726e, g726_data, pcm8, 160);
        gsm0610_encode(gsme, gsm_data, pcm8, 160);
        opus_len = opus_encode(opuse, pcm16, 320, opus_data, 1275);
    }
    printf("direct C              ns/frame (median of %d x %d)\n", RUNS, frames_per_run);
    report("alawtolin", alaw_to_lin, NULL);
    report("g722tolin16", g722_dec, g722d);
    report("g726tolin", g726_dec, g726d);
    report("gsmtolin", gsm_dec, gsmd);
    report("lin16tog722", g722_enc, g722e);
    report("lin16toopus", opus_enc, opuse);
    report("lintoalaw", lin_to_alaw, NULL);
    report("lintog726", g726_enc, g726e);
    report("lintogsm", gsm_enc, gsme);
    report("lintoulaw", lin_to_ulaw, NULL);
    report("opustolin16", opus_dec, opusd);
    int rates[6][2] = {{8000, 16000}, {8000, 48000}, {16000, 8000}, {16000, 48000}, {48000, 8000}, {48000, 16000}};
    const char *names[6] = {"slintoslin16", "slintoslin48", "slin16toslin", "slin16toslin48", "slin48toslin", "slin48toslin16"};
    for (int i = 0; i < 6; i++) {
        struct resample r;
        r.state = speex_resampler_init(1, rates[i][0], rates[i][1], 3, &error);
        r.in = rates[i][0] == 8000 ? pcm8 : rates[i][0] == 16000 ? pcm16 : pcm48;
        r.in_len = rates[i][0] / 50;
        report(names[i], resample, &r);
    }
    report("ulawtolin", ulaw_to_lin, NULL);
    return 0;
}
