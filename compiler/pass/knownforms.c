/* knownforms.c - the list index ops' forms that take a flag register `known` (bounds.c,
 * constidx.c). A pass that proved an index below the list's size while its flag holds
 * gives the op its *_known form: no size compare while the flag is 1, the checked path
 * when it is 0. A store inside such a region that is not proven takes its *_clears form:
 * checked as before, and it clears the flag when its release of the old item could run
 * Python code (Pyc2c_ListReleaseK), as a proven store does too. */
#include <string.h>
#include "pass.h"

#define KNOWN_PRIM(id, res, n, a2, tmpl) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = n, .args = {RT_OBJ, RT_INT, RT_##a2, RT_BOOL}, \
                            .c_template = tmpl, .can_fail = true}
KNOWN_PRIM(list_get_int_known, INT, 3, BOOL, "Pyc2cList_GetIntK($0, $1, $2)");
KNOWN_PRIM(list_get_bool_known, BOOL, 3, BOOL, "Pyc2cList_GetBoolK($0, $1, $2)");
KNOWN_PRIM(list_get_float_known, FLOAT, 3, BOOL, "Pyc2cList_GetFloatK($0, $1, $2)");
KNOWN_PRIM(list_set_known, NONE, 4, OBJ, "Pyc2cList_SetK($0, $1, $2, &$3, 1)");
KNOWN_PRIM(list_set_int_known, NONE, 4, INT, "Pyc2cList_SetIntK($0, $1, $2, &$3, 1)");
KNOWN_PRIM(list_set_bool_known, NONE, 4, BOOL, "Pyc2cList_SetBoolK($0, $1, $2, &$3, 1)");
KNOWN_PRIM(list_set_float_known, NONE, 4, FLOAT, "Pyc2cList_SetFloatK($0, $1, $2, &$3, 1)");
KNOWN_PRIM(list_set_clears, NONE, 4, OBJ, "Pyc2cList_SetK($0, $1, $2, &$3, 0)");
KNOWN_PRIM(list_set_int_clears, NONE, 4, INT, "Pyc2cList_SetIntK($0, $1, $2, &$3, 0)");
KNOWN_PRIM(list_set_bool_clears, NONE, 4, BOOL, "Pyc2cList_SetBoolK($0, $1, $2, &$3, 0)");
KNOWN_PRIM(list_set_float_clears, NONE, 4, FLOAT, "Pyc2cList_SetFloatK($0, $1, $2, &$3, 0)");

/* from: the op as ranges.c left it (an *_idx op: index proven in [0, 2**62)). */
static const struct { const char *from; const Prim *known, *clears; } forms[] = {
    {"list_get_int_idx", &list_get_int_known, NULL}, {"list_get_bool_idx", &list_get_bool_known, NULL},
    {"list_get_float_idx", &list_get_float_known, NULL},
    {"list_set_idx", &list_set_known, &list_set_clears}, {"list_set_int_idx", &list_set_int_known, &list_set_int_clears},
    {"list_set_bool_idx", &list_set_bool_known, &list_set_bool_clears},
    {"list_set_float_idx", &list_set_float_known, &list_set_float_clears},
    {"list_set", NULL, &list_set_clears}, {"list_set_int", NULL, &list_set_int_clears},
    {"list_set_bool", NULL, &list_set_bool_clears}, {"list_set_float", NULL, &list_set_float_clears},
};

const Prim *pass_known_form(const IrOp *op, bool proven)
{
    for (size_t i = 0; op->kind == IR_PRIM && i < sizeof forms / sizeof forms[0]; i++) {
        if (strcmp(op->u.prim->name, forms[i].from) == 0) {
            return proven && forms[i].known ? forms[i].known : forms[i].clears;
        }
    }
    return NULL;
}

bool pass_is_known_form(const Prim *p)
{
    size_t n = strlen(p->name);
    return n > 6 && strcmp(p->name + n - 6, "_known") == 0;
}

void pass_give_flag(Ctx *ctx, IrOp *op, const Prim *form, IrReg known)
{
    ir_append_arg(ctx, op, known);
    op->u.prim = form;
}
