/* pyc2c_parts.h - how the generated C of a module is split into translation units.
 * Included by the generated C right after pyc2c.h and kept out of it: pyc2c.h must not
 * read PYC2C_PART, so that one precompiled pyc2c.h serves every part (driver/pch.c). */
#ifndef PYC2C_PARTS_H
#define PYC2C_PARTS_H

/* The generated C of a module is one file. Compiled as it is, it is one translation
 * unit and all its names are file-local. Compiled with -DPYC2C_PART=k for each k below
 * its PYC2C_NPARTS, it is that many units (the driver compiles them in parallel and
 * links them: compiler/emit/emit_parts.c): part 0 defines the data every part shares
 * (PYC2C_VAR ... PYC2C_INIT(...)), the others declare it extern, and each function
 * body is in the part PYC2C_IN_PART names. */
#ifndef PYC2C_PART
#define PYC2C_VAR static
#define PYC2C_FN static
#define PYC2C_INIT(...) = __VA_ARGS__
#define PYC2C_IN_PART(k) 1
#elif PYC2C_PART == 0
#define PYC2C_VAR
#define PYC2C_FN
#define PYC2C_INIT(...) = __VA_ARGS__
#define PYC2C_IN_PART(k) ((k) == PYC2C_PART)
#else
#define PYC2C_VAR extern
#define PYC2C_FN
#define PYC2C_INIT(...)
#define PYC2C_IN_PART(k) ((k) == PYC2C_PART)
#endif

/* Functions of a module in parts without loops, direct calls of compiled code or
 * unboxed arithmetic (emit_light.c): GCC compiles them at -O1, which calls some small
 * helpers -O2 inlines (bench/big_modules.md). Not in a build without optimization
 * (CFLAGS=-O0 for debugging stays -O0). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__)
#define PYC2C_LIGHT __attribute__((optimize("O1")))
#else
#define PYC2C_LIGHT
#endif

/* In parts, what is inlined at many sites and cheap to call goes out of line (pyc2c.h). */
#ifdef PYC2C_PART
#define Pyc2c_RangeStripEnd Pyc2c_RangeStripEndCall
#define Pyc2c_RangeStripEndUp Pyc2c_RangeStripEndCall     /* inline: +1.2% of a part's cc1 */
#define Pyc2c_RangeStripEndDown Pyc2c_RangeStripEndCall
#endif

#endif
