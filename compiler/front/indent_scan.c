/* indent_scan.c - the indentation of logical lines as CPython's tokenizer measures it,
 * from the source text (tree-sitter's tree is no guide here: past ~500 nested blocks
 * its indent stack is lost, and it counts a tab as one column). Reports what only the
 * tokenizer sees, at its line and with its words:
 *   - a tab and spaces that compare differently with tabs of 8 and of 1 column:
 *     "inconsistent use of tabs and spaces in indentation" (CPython's TabError);
 *   - the 100th level of indentation: "too many levels of indentation".
 * Blank and comment-only lines, lines inside brackets or strings and continuation lines
 * have no indentation. Anything the scan cannot follow (an unterminated string, a
 * dedent to no outer level) is left to the parser's own errors: nothing is reported. */
#include <string.h>
#include "lower.h"

#define MAX_INDENT 100
#define TAB_SIZE 8

typedef struct Scan {
    const char *s;
    size_t i, len;
    int line;
    int level;   /* open brackets */
} Scan;

static bool skip_string(Scan *sc, bool fmt);

/* From just after a quote character q (tripled or not), to just after the string's end;
 * false when it does not end. f-strings: the expressions in braces are scanned as code
 * (3.12 lets them hold the same quotes). */
static bool string_body(Scan *sc, char q, bool triple, bool fmt)
{
    while (sc->i < sc->len) {
        char c = sc->s[sc->i++];
        if (c == '\\' && sc->i < sc->len) {
            sc->line += sc->s[sc->i] == '\n';
            sc->i++;
        } else if (c == '\n') {
            if (!triple) {
                return false;
            }
            sc->line++;
        } else if (c == q && (!triple || (sc->i + 1 < sc->len && sc->s[sc->i] == q && sc->s[sc->i + 1] == q))) {
            sc->i += triple ? 2 : 0;
            return true;
        } else if (fmt && c == '{') {
            if (sc->i < sc->len && sc->s[sc->i] == '{') {
                sc->i++;
                continue;
            }
            int depth = 1;
            while (depth > 0 && sc->i < sc->len) {
                char d = sc->s[sc->i];
                if (d == '\'' || d == '"') {
                    if (!skip_string(sc, false)) {
                        return false;
                    }
                    continue;
                }
                sc->line += d == '\n';
                depth += d == '{' || d == '[' || d == '(';
                depth -= d == '}' || d == ']' || d == ')';
                sc->i++;
            }
        }
    }
    return false;
}

/* At a quote: the string, its prefix already passed. */
static bool skip_string(Scan *sc, bool fmt)
{
    char q = sc->s[sc->i];
    bool triple = sc->i + 2 < sc->len && sc->s[sc->i + 1] == q && sc->s[sc->i + 2] == q;
    sc->i += triple ? 3 : 1;
    return string_body(sc, q, triple, fmt);
}

/* The rest of a logical line's physical line (and of the lines a string or brackets
 * carry it over); false when the scan cannot follow. *cont: it ended in a backslash. */
static bool rest_of_line(Scan *sc, bool *cont)
{
    *cont = false;
    while (sc->i < sc->len) {
        char c = sc->s[sc->i];
        if (c == '\n') {
            sc->i++;
            sc->line++;
            if (sc->level == 0) {
                return true;
            }
        } else if (c == '#') {
            while (sc->i < sc->len && sc->s[sc->i] != '\n') {
                sc->i++;
            }
        } else if (c == '\\' && sc->i + 1 < sc->len && (sc->s[sc->i + 1] == '\n' || sc->s[sc->i + 1] == '\r')) {
            sc->i += sc->s[sc->i + 1] == '\r' && sc->i + 2 < sc->len && sc->s[sc->i + 2] == '\n' ? 3 : 2;
            sc->line++;
            if (sc->level == 0) {
                *cont = true;
                return true;
            }
        } else if (c == '\'' || c == '"') {
            size_t k = sc->i;   /* its prefix: the letters just before it */
            bool fmt = false;
            while (k > 0 && strchr("rRbBuUfF", sc->s[k - 1]) && sc->s[k - 1] != '\0') {
                fmt |= sc->s[k - 1] == 'f' || sc->s[k - 1] == 'F';
                k--;
            }
            char before = k > 0 ? sc->s[k - 1] : ' ';
            if (before == '_' || ((before | 0x20) >= 'a' && (before | 0x20) <= 'z') || (before >= '0' && before <= '9')) {
                fmt = false;   /* the letters end a longer name: not a prefix */
            }
            if (!skip_string(sc, fmt)) {
                return false;
            }
        } else {
            sc->level += c == '(' || c == '[' || c == '{';
            sc->level -= sc->level > 0 && (c == ')' || c == ']' || c == '}');
            sc->i++;
        }
    }
    return true;
}

static bool report(Lower *L, int line, const char *msg)
{
    Loc loc = {.line = line, .col = 1};
    diag_error(&L->ctx->diags, L->ctx->file, loc, "%s", msg);
    return false;
}

bool front_check_indentation(Lower *L)
{
    const SourceFile *f = L->ctx->file;
    Scan sc = {.s = f->text, .len = f->len, .line = 1};
    int cols[MAX_INDENT + 1] = {0}, alts[MAX_INDENT + 1] = {0}, depth = 0;
    bool cont = false;
    while (sc.i < sc.len) {
        int col = 0, alt = 0;
        for (; !cont && sc.i < sc.len; sc.i++) {
            char c = sc.s[sc.i];
            if (c == ' ') {
                col++, alt++;
            } else if (c == '\t') {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                alt++;
            } else if (c == '\f') {
                col = alt = 0;
            } else {
                break;
            }
        }
        char c = sc.i < sc.len ? sc.s[sc.i] : '\n';
        if (!cont && c != '#' && c != '\n' && c != '\r') {
            if (col == cols[depth] && alt != alts[depth]) {
                return report(L, sc.line, "inconsistent use of tabs and spaces in indentation");
            } else if (col > cols[depth]) {
                if (depth + 1 >= MAX_INDENT) {
                    return report(L, sc.line, "too many levels of indentation");
                }
                if (alt <= alts[depth]) {
                    return report(L, sc.line, "inconsistent use of tabs and spaces in indentation");
                }
                depth++;
                cols[depth] = col;
                alts[depth] = alt;
            } else if (col < cols[depth]) {
                while (depth > 0 && col < cols[depth]) {
                    depth--;
                }
                if (col != cols[depth]) {
                    return true;   /* "unindent does not match": the parser's report */
                }
                if (alt != alts[depth]) {
                    return report(L, sc.line, "inconsistent use of tabs and spaces in indentation");
                }
            }
        }
        if (!rest_of_line(&sc, &cont)) {
            return true;
        }
    }
    return true;
}
