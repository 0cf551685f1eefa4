/* srchash.h - the hash of a module's source that pyc2c records in its extension
 * (a "pyc2c-source-fnv1a64:HEX" string the compiler emits), checked at import by
 * Pyc2c_WarnIfStale and by `pyc2c check`. FNV-1a, 64 bits: one definition shared by
 * the compiler (compiler/driver/check.c, compiler/emit) and the runtime (stale.c). */
#ifndef PYC2C_SRCHASH_H
#define PYC2C_SRCHASH_H

#include <stddef.h>
#include <stdint.h>

#define PYC2C_STAMP_PREFIX "pyc2c-source-fnv1a64:"

static inline uint64_t pyc2c_source_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return h;
}

#endif
