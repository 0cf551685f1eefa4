/* report_json.c - `pyc2c build --report=json`: the facts of `--report` for tools
 * (`pyc2c hot`, `pyc2c annotate`), one entry per function and method:
 *   {"name": "C.m", "line": 3, "end_line": 9, "status": "native" | "kept",
 *    "reason": "...", "reason_line": 5, "unannotated": ["x"], "returns_annotated": true,
 *    "generic": [{"what": "attribute .x read on an object", "count": 2, "lines": [4, 6]}]}
 * ("generic": native functions only: the generic operations left in them).
 * Unannotated parameters are native but generic objects: what `pyc2c hot --annotate`
 * proposes types for. */
#include "sema_internal.h"

#include <string.h>

static void json_str(FILE *out, const char *s)
{
    json_string(out, s, strlen(s));
}

static void unannotated_params(const AstArguments *a, bool method, FILE *out)
{
    const AstArgVec *vecs[] = {&a->posonly, &a->args, &a->kwonly};
    const char *sep = "";
    int index = 0;
    fputs("[", out);
    for (int v = 0; v < 3; v++) {
        for (int i = 0; i < vecs[v]->len; i++, index++) {
            const AstArg *arg = &vecs[v]->data[i];
            if (!arg->annotation && !(method && index == 0)) {   /* self needs none */
                fputs(sep, out);
                json_str(out, arg->name);
                sep = ", ";
            }
        }
    }
    fputs("]", out);
}

/* One function; kept: the unit (the def, or its class) kept as Python, else NULL. */
static void report_func(const AstStmt *def, const char *prefix, const AstStmt *kept, const SemaReportHook *hook,
                        bool *first, FILE *out)
{
    fputs(*first ? "\n  " : ",\n  ", out);
    *first = false;
    fputs("{\"name\": ", out);
    char name[512];
    snprintf(name, sizeof name, "%s%s", prefix, def->u.funcdef.name);
    json_str(out, name);
    fprintf(out, ", \"line\": %d, \"end_line\": %d, \"status\": \"%s\"", def->loc.line,
            def->loc.end_line ? def->loc.end_line : def->loc.line, kept ? "kept" : "native");
    if (kept) {
        fputs(", \"reason\": ", out);
        json_str(out, kept->keep_reason);
        fprintf(out, ", \"reason_line\": %d", kept->keep_loc.line ? kept->keep_loc.line : kept->loc.line);
    }
    fputs(", \"unannotated\": ", out);
    unannotated_params(def->u.funcdef.args, *prefix != '\0', out);
    fprintf(out, ", \"returns_annotated\": %s", def->u.funcdef.returns ? "true" : "false");
    if (!kept && hook) {
        fputs(", \"generic\": ", out);
        hook->json(hook->data, def->loc.line, def->loc.end_line ? def->loc.end_line : def->loc.line, out);
    }
    fputs("}", out);
}

void sema_report_json(const SemaModule *sm, const SemaReportHook *hook, FILE *out)
{
    bool first = true;
    fputs("[", out);
    for (int i = 0; i < sm->ast->body.len; i++) {
        const AstStmt *st = sm->ast->body.data[i];
        const AstStmt *kept = st->keep_reason ? st : NULL;
        if (st->kind == STMT_FUNCDEF) {
            report_func(st, "", kept, hook, &first, out);
        } else if (st->kind == STMT_CLASSDEF) {
            char prefix[300];
            snprintf(prefix, sizeof prefix, "%s.", st->u.classdef.name);
            for (int j = 0; j < st->u.classdef.body.len; j++) {
                const AstStmt *m = st->u.classdef.body.data[j];
                if (m->kind == STMT_FUNCDEF) {
                    report_func(m, prefix, kept, hook, &first, out);
                }
            }
        }
    }
    fputs("\n]", out);
}
