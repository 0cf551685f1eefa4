/* fuzz_front.c - libFuzzer target over the whole compiler short of the C compiler:
 * parse, analysis, IR, passes and C emission of one mutated source. Any crash,
 * sanitizer report, hang or internal compiler error (ICE aborts) is a finding; bad
 * input must only ever produce diagnostics. Built and run by `make fuzz-front`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/base/base.h"
#include "../../compiler/emit/emit.h"
#include "../../compiler/front/front.h"
#include "../../compiler/ir/ir_entry.h"
#include "../../compiler/pass/pass.h"
#include "../../compiler/sema/sema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Ctx ctx;
    ctx_init(&ctx);
    SourceFile *f = arena_alloc(&ctx.arena, sizeof *f);
    char *text = arena_alloc(&ctx.arena, size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    f->path = f->abs_path = "fuzz.py";
    f->text = text;
    f->len = size;
    source_index_lines(&ctx.arena, f);   /* as source_read does: annotation texts need it */
    ctx.file = f;
    AstModule *ast = front_parse(&ctx);
    SemaModule *sm = ast && !ctx.diags.errors ? sema_run(&ctx, ast) : NULL;
    IrModule *ir = sm && !ctx.diags.errors ? ir_build(&ctx, sm) : NULL;
    if (ir && !ctx.diags.errors) {
        pass_run_all(&ctx, ir, NULL, NULL);
        if (!ctx.diags.errors) {
            StrBuf c;
            sb_init(&c);
            emit_module(&ctx, ir, "fuzz", &c);
            sb_free(&c);
        }
    }
    ctx_free(&ctx);
    return 0;
}
