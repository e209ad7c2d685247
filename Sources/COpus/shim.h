#include <opus/opus.h>

/* opus_encoder_ctl is variadic, which Swift cannot call: one fixed-argument
   inline function per request the encoder wrapper makes. */
static inline int swiftpbx_opus_set_int(OpusEncoder *encoder, int request, opus_int32 value) {
    return opus_encoder_ctl(encoder, request, value);
}
static inline int swiftpbx_opus_decoder_reset(OpusDecoder *decoder) {
    return opus_decoder_ctl(decoder, OPUS_RESET_STATE);
}
