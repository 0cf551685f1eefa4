/* report.c - `pyc2c --report`: for every top-level function and class, native or kept
 * as Python and why; then the same for other kept statements, and a summary. */
#include "sema_internal.h"

static void report_kept(const SemaModule *sm, const AstStmt *st, const char *what, FILE *out)
{
    fprintf(out, "%s:%d: %s: kept as Python: %s (line %d)\n", sm->ast->file->path, st->loc.line, what,
            st->keep_reason, st->keep_loc.line ? st->keep_loc.line : st->loc.line);
}

/* Fields of a laid-out class that hold objects where a type was in reach. */
static void report_object_fields(const SemaModule *sm, const SemaClass *c, FILE *out)
{
    for (int i = 0; c && i < c->fields.len; i++) {
        const SemaField *f = c->fields.data[i];
        if (f->type->kind == TY_OBJECT && f->object_why) {
            fprintf(out, "%s:%d: field %s.%s: object: %s (line %d)\n", sm->ast->file->path, f->object_line, c->name,
                    f->name, f->object_why, f->object_line);
        }
    }
}

/* Class constants whose reads through the class or its instances stay objects. */
static void report_const_notes(const SemaModule *sm, const SemaClass *c, FILE *out)
{
    for (int i = 0; c && i < c->const_notes.len; i++) {
        const SemaConstNote *n = &c->const_notes.data[i];
        fprintf(out, "%s:%d: class constant %s.%s: read as an object: %s (line %d)\n", sm->ast->file->path, n->line,
                c->name, n->name, n->why, n->line);
    }
}

/* Methods of a laid-out class that compiled callers call as CPython does. */
static void report_generic_methods(const SemaModule *sm, const SemaClass *c, FILE *out)
{
    for (int i = 0; c && i < sm->funcs.len; i++) {
        const SemaFunc *f = sm->funcs.data[i];
        const char *why = f->cls == c->def && !f->nested ? sema_method_generic_reason(sm, f) : NULL;
        if (why && (sema_property_decl(sm, c, f->def->u.funcdef.name) == f ||
                    sema_abstract_method(sm, c, f->def->u.funcdef.name) == f)) {
            continue;   /* o.p, o.m(): the getter's or the overrides' native entries are called */
        }
        if (why) {
            fprintf(out, "%s:%d: method %s.%s: called generically: %s (line %d)\n", sm->ast->file->path,
                     f->def->loc.line, c->name, f->def->u.funcdef.name, why, f->def->loc.line);
        }
    }
}

/* Methods of c returning int that a subclass overrides returning bool: called through
 * c, their result is an object (instance.c), so what uses it is generic. */
static void report_bool_overrides(const SemaModule *sm, const SemaClass *c, FILE *out)
{
    for (int i = 0; c && i < sm->funcs.len; i++) {
        const SemaFunc *f = sm->funcs.data[i];
        const char *name = f->def->u.funcdef.name;
        const SemaFunc *o = f->cls == c->def && !f->nested && f->ret && f->ret->kind == TY_INT
                                ? sema_bool_override(sm, c, name) : NULL;
        if (o) {
            fprintf(out, "%s:%d: method %s.%s: result an object where called on a %s: %s.%s returns bool (line %d)\n",
                    sm->ast->file->path, f->def->loc.line, c->name, name, c->name, o->cls->u.classdef.name, name,
                    o->def->loc.line);
        }
    }
}

/* Calls of compiled methods that take CPython's call: their arguments do not fit the
 * native entry. In line order. */
static void report_misfits(const SemaModule *sm, FILE *out)
{
    int last = 0;
    for (;;) {
        const AstExpr *next = NULL;
        for (int i = 0; i < sm->misfit_calls.len; i++) {
            const AstExpr *e = sm->misfit_calls.data[i];
            if (e->u.call.misfit && e->loc.line > last && (!next || e->loc.line < next->loc.line)) {
                next = e;
            }
        }
        if (!next) {
            return;
        }
        for (int i = 0; i < sm->misfit_calls.len; i++) {
            const AstExpr *e = sm->misfit_calls.data[i];
            if (e->u.call.misfit && e->loc.line == next->loc.line) {
                fprintf(out, "%s:%d: call of %s: called generically: %s (line %d)\n", sm->ast->file->path, e->loc.line,
                        e->u.call.misfit_name, e->u.call.misfit, e->loc.line);
            }
        }
        last = next->loc.line;
    }
}

static int end_line(const AstStmt *def)
{
    return def->loc.end_line ? def->loc.end_line : def->loc.line;
}

/* The methods of a native class that have something to say through the hook. */
static void report_methods(const SemaModule *sm, const AstStmt *cls, const SemaReportHook *hook, FILE *out)
{
    for (int i = 0; hook && i < cls->u.classdef.body.len; i++) {
        const AstStmt *m = cls->u.classdef.body.data[i];
        if (m->kind == STMT_FUNCDEF) {
            char header[700];
            snprintf(header, sizeof header, "%s:%d: method %s.%s: native", sm->ast->file->path, m->loc.line,
                     cls->u.classdef.name, m->u.funcdef.name);
            hook->text(hook->data, header, m->loc.line, end_line(m), out);
        }
    }
}

/* A typed copy (speculate_params.c) that did not check: which types it tried, and why not. */
static void report_dropped_copy(const SemaModule *sm, const AstStmt *def, FILE *out)
{
    const AstStmt *copy = def->u.funcdef.spec;
    const char *kinds = def->u.funcdef.spec_kinds;
    if (!copy || !copy->keep_reason || !kinds) {
        return;
    }
    fprintf(out, "%s:%d:   speculated: no copy with ", sm->ast->file->path, def->loc.line);
    const char *sep = "";
    for (int i = 0; kinds[i]; i++) {
        if (kinds[i] != '-') {
            fprintf(out, "%s%s: %s", sep, ast_param_at(def->u.funcdef.args, i)->name,
                    sema_spec_kind_type(kinds[i]));
            sep = ", ";
        }
    }
    if (copy->keep_loc.line) {   /* a construct the typed subset refuses, as for kept functions */
        fprintf(out, ": it does not check (line %d: %s not supported)\n", copy->keep_loc.line, copy->keep_reason);
    } else {
        fprintf(out, ": it does not check (%s)\n", copy->keep_reason);
    }
}

void sema_report(const SemaModule *sm, const SemaReportHook *hook, FILE *out)
{
    int native = 0, kept_defs = 0, kept_other = 0;
    for (int i = 0; i < sm->ast->body.len; i++) {
        const AstStmt *st = sm->ast->body.data[i];
        if (st->kind == STMT_FUNCDEF || st->kind == STMT_CLASSDEF) {
            bool fn = st->kind == STMT_FUNCDEF;
            const char *name = fn ? st->u.funcdef.name : st->u.classdef.name;
            char what[300];
            snprintf(what, sizeof what, "%s %s", fn ? "function" : "class", name);
            if (st->keep_reason) {
                report_kept(sm, st, what, out);
                kept_defs++;
            } else {
                const SemaClass *c = fn ? NULL : st->u.classdef.native;
                fprintf(out, "%s:%d: %s: native", sm->ast->file->path, st->loc.line, what);
                if (c) {
                    fprintf(out, ", C layout: %d field%s, %d bytes", c->fields.len, c->fields.len == 1 ? "" : "s", c->basicsize);
                } else if (!fn && st->u.classdef.no_layout) {
                    fprintf(out, ", no C layout: %s (line %d)", st->u.classdef.no_layout,
                            st->u.classdef.no_layout_loc.line);
                }
                if (c && st->u.classdef.no_native_init) {
                    fprintf(out, ", __init__ from dataclasses (called through the C API): %s",
                            st->u.classdef.no_native_init);
                }
                fputc('\n', out);
                report_object_fields(sm, c, out);
                report_const_notes(sm, c, out);
                report_generic_methods(sm, c, out);
                report_bool_overrides(sm, c, out);
                if (fn) {
                    report_dropped_copy(sm, st, out);
                }
                if (fn && hook) {
                    hook->text(hook->data, NULL, st->loc.line, end_line(st), out);
                } else if (!fn) {
                    report_methods(sm, st, hook, out);
                }
                native++;
            }
        } else if (st->keep_reason) {
            report_kept(sm, st, ast_stmt_name(st->kind), out);
            kept_other++;
        }
    }
    report_misfits(sm, out);
    fprintf(out, "%d native, %d kept as Python; %d other top-level statements kept as Python\n", native,
            kept_defs, kept_other);
}

/* --strict: a class that could have a C layout but lost it (its instances on the
 * generic path) is an error, as a function kept as Python is. */
void sema_strict_layouts(Ctx *ctx, const AstModule *mod)
{
    for (int i = 0; i < mod->body.len; i++) {
        const AstStmt *st = mod->body.data[i];
        if (st->kind == STMT_CLASSDEF && !st->keep_reason && st->u.classdef.no_layout &&
            !st->u.classdef.no_layout_by_design) {
            diag_error(&ctx->diags, mod->file, st->u.classdef.no_layout_loc, "class \"%s\" gets no C layout: %s",
                       st->u.classdef.name, st->u.classdef.no_layout);
        }
    }
}

/* --strict: a call of a compiled method whose arguments do not fit its native entry
 * (typed code left on the generic call; the report lists it) is an error. */
void sema_strict_misfit_calls(Ctx *ctx, const SemaModule *sm)
{
    for (int i = 0; i < sm->misfit_calls.len; i++) {
        const AstExpr *e = sm->misfit_calls.data[i];
        if (e->u.call.misfit) {
            diag_error(&ctx->diags, sm->ast->file, e->loc, "call of %s is generic: %s", e->u.call.misfit_name,
                       e->u.call.misfit);
        }
    }
}
