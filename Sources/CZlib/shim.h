#ifndef WIREQUEST_CZLIB_H
#define WIREQUEST_CZLIB_H

#include <zlib.h>

/// deflateInit2 and inflateInit2 are macros (they pass ZLIB_VERSION and sizeof(z_stream) to the underscore
/// functions), which Swift cannot import.
static inline int wq_deflate_init2(z_streamp stream, int level, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, strategy);
}

static inline int wq_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

#endif
