/* suggest.c - "Did you mean ...?" for unknown keyword arguments, as CPython 3.13+
 * words it: the closest parameter name by an edit distance in which a change of
 * letter case costs half of any other edit, if no more than a third of the
 * characters involved must change. */
#include <string.h>
#include "pyc2c.h"

enum { EDIT_COST = 2, CASE_COST = 1, MAX_NAME = 40 };

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t substitution_cost(char a, char b)
{
    if (a == b) {
        return 0;
    }
    return ascii_lower(a) == ascii_lower(b) ? CASE_COST : EDIT_COST;
}

/* Edit distance of a and b, or limit + 1 once it must exceed limit. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb, size_t limit)
{
    size_t row[MAX_NAME + 1];
    if (na > MAX_NAME || nb > MAX_NAME) {
        return limit + 1;
    }
    for (size_t j = 0; j <= nb; j++) {
        row[j] = j * EDIT_COST;
    }
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i * EDIT_COST;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t v = diag + substitution_cost(a[i - 1], b[j - 1]);
            if (up + EDIT_COST < v) {
                v = up + EDIT_COST;
            }
            if (row[j - 1] + EDIT_COST < v) {
                v = row[j - 1] + EDIT_COST;
            }
            row[j] = v;
            diag = up;
            best = v < best ? v : best;
        }
        if (best > limit) {
            return limit + 1;
        }
    }
    return row[nb];
}

const char *Pyc2c_SuggestName(const char *name, const char *const *candidates, int n)
{
    const char *found = NULL;
    size_t found_distance = (size_t)-1;
    size_t len = strlen(name);
    for (int i = 0; i < n; i++) {
        size_t clen = strlen(candidates[i]);
        size_t limit = (len + clen + 3) * EDIT_COST / 6;
        if (found && found_distance - 1 < limit) {
            limit = found_distance - 1;
        }
        size_t d = edit_distance(name, len, candidates[i], clen, limit);
        if (d <= limit && (!found || d < found_distance)) {
            found = candidates[i];
            found_distance = d;
        }
    }
    return found;
}
