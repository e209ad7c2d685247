#include <alsa/asoundlib.h>

/* libasound prints its own diagnostics on stderr, which would land in the
   middle of the console's prompt. SwiftPBX reports ALSA failures itself
   (device, step and snd_strerror text), so the library's printing is
   turned off. The handler is variadic, which Swift cannot define. */
static void calsa_discard_error(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static inline void calsa_silence_library_errors(void) {
    snd_lib_error_set_handler(calsa_discard_error);
}
