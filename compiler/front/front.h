/* front.h - the frontend: source text -> tree-sitter CST -> our AST. */
#ifndef PYC2C_FRONT_H
#define PYC2C_FRONT_H

#include "ast.h"

/* Parses ctx->file. Syntax errors become diagnostics
 * ("invalid syntax", one per broken statement); returns NULL only when the
 * parser itself could not run. The AST of a file with errors is partial. */
AstModule *front_parse(Ctx *ctx);

#endif
