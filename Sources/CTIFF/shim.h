// libtiff decodes TIFF scanned pages. TIFFGetField is variadic and the error handlers take
// a va_list, neither of which Swift can use, so the typed wrappers and the handlers live here.
#ifndef SCRIPTDESK_CTIFF_H
#define SCRIPTDESK_CTIFF_H
#include <stdio.h>
#include <tiffio.h>

/// Room for libtiff's first error message, kept per open file.
#define SCRIPTDESK_TIFF_MESSAGE_SIZE 256

/// Keeps the first error libtiff reports in the buffer given as user data, and stops libtiff
/// printing it to standard error.
static inline int scriptdesk_tiff_keep_first_error(TIFF *tiff, void *buffer, const char *module, const char *format, va_list arguments) {
    (void)tiff;
    (void)module;
    char *message = (char *)buffer;
    if (message != NULL && message[0] == '\0') vsnprintf(message, SCRIPTDESK_TIFF_MESSAGE_SIZE, format, arguments);
    return 1;
}

/// Drops libtiff's warnings (unknown private tags are common in scanners' files).
static inline int scriptdesk_tiff_ignore_warning(TIFF *tiff, void *buffer, const char *module, const char *format, va_list arguments) {
    (void)tiff;
    (void)buffer;
    (void)module;
    (void)format;
    (void)arguments;
    return 1;
}

/// Reads the TIFF open on `fd` from its current offset, with its errors kept in `message`
/// (SCRIPTDESK_TIFF_MESSAGE_SIZE bytes, zeroed, alive as long as the file is open), no
/// memory mapping and no single allocation above `max_allocation`. On success libtiff owns
/// `fd` and `TIFFClose` closes it; on failure the caller still owns it.
static inline TIFF *scriptdesk_tiff_fd_open(int fd, char *message, tmsize_t max_allocation) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(options, scriptdesk_tiff_keep_first_error, message);
    TIFFOpenOptionsSetWarningHandlerExtR(options, scriptdesk_tiff_ignore_warning, NULL);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, max_allocation);
    TIFF *tiff = TIFFFdOpenExt(fd, "page", "rm", options);
    TIFFOpenOptionsFree(options);
    return tiff;
}

/// Reads a 16-bit tag or libtiff's default for it; returns 1 when either exists.
static inline int scriptdesk_tiff_get_uint16(TIFF *tiff, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tiff, tag, value);
}

/// Reads a 32-bit tag or libtiff's default for it; returns 1 when either exists.
static inline int scriptdesk_tiff_get_uint32(TIFF *tiff, uint32_t tag, uint32_t *value) {
    return TIFFGetFieldDefaulted(tiff, tag, value);
}

/// Reads a rational tag (libtiff hands rationals out as float); returns 1 when present.
static inline int scriptdesk_tiff_get_float(TIFF *tiff, uint32_t tag, float *value) {
    return TIFFGetField(tiff, tag, value);
}
#endif
