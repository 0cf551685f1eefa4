/* syntax_hints.c - a small lexical pass over the source that finds what
 * CPython's tokenizer reports and tree-sitter only shows as a vague ERROR:
 * unterminated string literals, brackets never closed, closing brackets that
 * match nothing. Each finding is handed to a callback as (byte offset, length,
 * message); syntax_errors.c uses one when it lies inside a broken statement.
 * The scan is approximate (no f-string nesting); it only ever refines a
 * position tree-sitter already flagged. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*SynHintFn)(void *ud, uint32_t byte, uint32_t len, const char *msg);

void synhints_scan(const char *src, size_t len, SynHintFn emit, void *ud);

#define MAX_DEPTH 200

typedef struct Scan {
    const char *src;
    size_t len, pos;
    int line;                   /* 1-based line of pos */
    SynHintFn emit;
    void *ud;
    int depth;
    struct { char c; uint32_t byte; int line; } open[MAX_DEPTH];
} Scan;

static void hint(Scan *s, size_t byte, uint32_t n, const char *msg)
{
    s->emit(s->ud, (uint32_t)byte, n, msg);
}

static bool is_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Length of a string prefix (r, b, u, f, t in any case, at most two letters)
 * at pos that is directly followed by a quote; 0 if there is none. */
static size_t string_prefix(const Scan *s, size_t pos)
{
    if (pos > 0 && is_ident_char(s->src[pos - 1])) {
        return 0;
    }
    size_t n = 0;
    while (n < 2 && pos + n < s->len && strchr("rRbBuUfFtT", s->src[pos + n]) &&
           s->src[pos + n] != '\0') {
        n++;
    }
    if (pos + n < s->len && (s->src[pos + n] == '\'' || s->src[pos + n] == '"')) {
        return n;
    }
    return 0;
}

/* Skips the string whose quote is at s->pos (start: its prefix). */
static void skip_string(Scan *s, size_t start)
{
    char q = s->src[s->pos];
    bool triple = s->pos + 2 < s->len && s->src[s->pos + 1] == q && s->src[s->pos + 2] == q;
    s->pos += triple ? 3 : 1;
    while (s->pos < s->len) {
        char c = s->src[s->pos];
        if (c == '\\' && s->pos + 1 < s->len) {
            s->line += s->src[s->pos + 1] == '\n';
            s->pos += 2;
            continue;
        }
        if (c == '\n' && !triple) {
            break;
        }
        if (c == q && (!triple || (s->pos + 2 < s->len && s->src[s->pos + 1] == q &&
                                   s->src[s->pos + 2] == q))) {
            s->pos += triple ? 3 : 1;
            return;
        }
        s->line += c == '\n';
        s->pos++;
    }
    char msg[96];
    snprintf(msg, sizeof msg, "unterminated %sstring literal (detected at line %d)",
             triple ? "triple-quoted " : "", s->line);
    hint(s, start, 1, msg);
}

static char opener_of(char c)
{
    return c == ')' ? '(' : c == ']' ? '[' : '{';
}

static void close_bracket(Scan *s, char c)
{
    char msg[128];
    if (s->depth == 0) {
        snprintf(msg, sizeof msg, "unmatched '%c'", c);
        hint(s, s->pos, 1, msg);
        return;
    }
    s->depth--;
    if (s->open[s->depth].c != opener_of(c)) {
        if (s->open[s->depth].line == s->line) {
            snprintf(msg, sizeof msg,
                     "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                     s->open[s->depth].c);
        } else {
            snprintf(msg, sizeof msg,
                     "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d",
                     c, s->open[s->depth].c, s->open[s->depth].line);
        }
        hint(s, s->pos, 1, msg);
    }
}

static void open_bracket(Scan *s, char c)
{
    if (s->depth < MAX_DEPTH) {
        s->open[s->depth].c = c;
        s->open[s->depth].byte = (uint32_t)s->pos;
        s->open[s->depth].line = s->line;
        s->depth++;
    }
}

static void scan_one(Scan *s)
{
    char c = s->src[s->pos];
    size_t pre = string_prefix(s, s->pos);
    if (c == '#') {
        while (s->pos < s->len && s->src[s->pos] != '\n') {
            s->pos++;
        }
    } else if (pre > 0 || c == '\'' || c == '"') {
        size_t start = s->pos;
        s->pos += pre;
        skip_string(s, start);
    } else if (is_ident_char(c)) {
        while (s->pos < s->len && is_ident_char(s->src[s->pos])) {
            s->pos++;
        }
    } else {
        if (c == '(' || c == '[' || c == '{') {
            open_bracket(s, c);
        } else if (c == ')' || c == ']' || c == '}') {
            close_bracket(s, c);
        }
        s->line += c == '\n';
        s->pos++;
    }
}

void synhints_scan(const char *src, size_t len, SynHintFn emit, void *ud)
{
    Scan s;
    memset(&s, 0, sizeof s);
    s.src = src;
    s.len = len;
    s.line = 1;
    s.emit = emit;
    s.ud = ud;
    while (s.pos < s.len) {
        scan_one(&s);
    }
    for (int i = s.depth - 1; i >= 0; i--) {
        char msg[32];
        snprintf(msg, sizeof msg, "'%c' was never closed", s.open[i].c);
        hint(&s, s.open[i].byte, 1, msg);
    }
}
