/* pycheck.c - the target interpreter's compile() has the last word on validity.
 * tree-sitter accepts more than CPython's grammar, and CPython's compiler and symtable
 * refuse more still ('return' outside function, starred misuse, a break in a def inside
 * a loop...). The front end reproduces the common ones; a unit it keeps as Python would
 * otherwise raise the rest only at import, after earlier statements ran, where CPython
 * refuses the whole file. So each build asks compile() once (about 10 ms of an
 * interpreter started with -S -I) and reports its SyntaxError as ours. */
#include "driver.h"

#include <string.h>

/* Prints "LINE OFFSET END_LINE END_OFFSET BYTES\nMESSAGE" for a SyntaxError, nothing when
 * the source compiles. The parser's offsets count characters, the compiler's and
 * symtable's bytes of UTF-8 (CPython's own caret is off on such lines): BYTES is 1 when
 * the source parses, so the error came from after the parser. Other failures
 * (RecursionError, MemoryError of a huge source) are no verdict: the front end's
 * limits judge those. */
static const char check_script[] =
    "import sys\n"
    "p = sys.argv[1]\n"
    "with open(p, 'rb') as f:\n"
    "    src = f.read()\n"
    "try:\n"
    "    compile(src, p, 'exec', dont_inherit=True)\n"
    "except SyntaxError as e:\n"
    "    n = [getattr(e, k, 0) or 0 for k in ('lineno', 'offset', 'end_lineno', 'end_offset')]\n"
    "    try:\n"
    "        compile(src, p, 'exec', 0x400, dont_inherit=True)\n"   /* PyCF_ONLY_AST */
    "        n.append(1)\n"
    "    except BaseException:\n"
    "        n.append(0)\n"
    "    sys.stdout.buffer.write(b'%d %d %d %d %d\\n' % tuple(n))\n"
    "    sys.stdout.buffer.write(str(e.msg).encode('utf-8', 'backslashreplace'))\n"
    "except BaseException:\n"
    "    pass\n";

/* The byte column (1-based) of offset (1-based, in characters or, when bytes, in bytes)
 * on line `line` of f: our diagnostics count bytes of UTF-8. */
static int byte_col(const SourceFile *f, int line, int offset, bool bytes)
{
    if (bytes || line < 1 || line > f->nlines || offset < 1) {
        return offset < 1 ? 1 : offset;
    }
    const unsigned char *start = (const unsigned char *)f->text + f->line_starts[line - 1];
    const unsigned char *p = start, *end = (const unsigned char *)f->text + f->len;
    for (int c = 1; c < offset && p < end && *p != '\n'; c++) {
        do {
            p++;   /* one UTF-8 sequence: a lead byte and its continuation bytes */
        } while (p < end && (*p & 0xc0) == 0x80);
    }
    return (int)(p - start) + 1;
}

/* Turns the script's answer into an error; false when it is not one. */
static bool report_answer(Ctx *ctx, const char *answer)
{
    int line, off, end_line, end_off, bytes, used = 0;
    if (sscanf(answer, "%d %d %d %d %d\n%n", &line, &off, &end_line, &end_off, &bytes, &used) != 5 ||
        used == 0) {
        return false;
    }
    const SourceFile *f = ctx->file;
    if (line < 1) {
        line = 1;
    }
    Loc loc = {line, byte_col(f, line, off, bytes), 0, 0};
    if (end_line == line && end_off > off) {
        loc.end_line = end_line;
        loc.end_col = byte_col(f, end_line, end_off, bytes);
    }
    const char *msg = answer + used;
    diag_error(&ctx->diags, f, loc, "%s", *msg ? msg : "invalid syntax");
    return true;
}

bool pycheck_source(Ctx *ctx, const char *python)
{
    if (!python || !*python || !ctx->file) {
        return true;
    }
    char *argv[] = { (char *)python, "-S", "-I", "-W", "ignore", "-c", (char *)check_script,
                     (char *)ctx->file->path, NULL };
    StrBuf out, err;
    sb_init(&out);
    sb_init(&err);
    int st = cc_run(argv, &out, &err);
    bool refused = st == 0 && out.data && report_answer(ctx, out.data);
    sb_free(&out);
    sb_free(&err);
    return !refused;
}
