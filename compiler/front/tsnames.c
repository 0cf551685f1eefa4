/* tsnames.c - resolves tree-sitter-python's symbol and field names to our
 * enums, once per parse. The rest of the frontend switches on Sym/Field and
 * never compares node type strings. */
#include "lower.h"

#include <string.h>

static const char *const named_names[] = {
#define X(n) #n,
    TS_NAMED_SYMBOLS(X)
#undef X
};

static const char *const token_texts[] = {
#define X(e, t) t,
    TS_TOKENS(X)
#undef X
};

static const char *const field_names[] = {
#define X(n) #n,
    TS_FIELDS(X)
#undef X
};

#define NNAMED (sizeof(named_names) / sizeof(named_names[0]))
#define NTOKENS (sizeof(token_texts) / sizeof(token_texts[0]))

static void map_symbol(TsNames *t, const char *name, bool named, Sym s)
{
    TSSymbol id = ts_language_symbol_for_name(t->lang, name, (uint32_t)strlen(name), named);
    if (id != 0 && id < t->nsymbols) {
        t->sym[id] = (uint8_t)s;
    }
}

void tsnames_init(TsNames *t, Arena *a, const TSLanguage *lang)
{
    _Static_assert(SYM_COUNT <= 256, "Sym must fit in a byte");
    t->lang = lang;
    t->nsymbols = ts_language_symbol_count(lang);
    t->sym = arena_alloc(a, t->nsymbols);
    for (size_t i = 0; i < NNAMED; i++) {
        map_symbol(t, named_names[i], true, (Sym)(SYM_UNKNOWN + 1 + i));
    }
    for (size_t i = 0; i < NTOKENS; i++) {
        map_symbol(t, token_texts[i], false, (Sym)(TOK_PLUS + i));
    }
    for (int f = 0; f < FLD_COUNT; f++) {
        const char *n = field_names[f];
        t->field[f] = ts_language_field_id_for_name(lang, n, (uint32_t)strlen(n));
    }
}
