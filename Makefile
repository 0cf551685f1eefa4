# pyc2c - one Makefile: explicit source lists per stage, objects in build/.
#   make          build build/pyc2c
#   make demo     build, compile examples/fib.py, time it against CPython
#   make test     unit tests, end-to-end cases, package cases, diagnostic cases, leak test
#   make test-pythons   end-to-end cases against CPython 3.9 .. 3.13
#   SAN=1         AddressSanitizer + UBSan

CC       ?= cc
PYTHON   ?= python3
BUILD    ?= build
TS_CORE  := node_modules/tree-sitter/vendor/tree-sitter/lib
TS_PY    := node_modules/tree-sitter-python/src

WARN     := -Wall -Wextra -Wno-unused-parameter
ifdef CI
WARN     += -Werror
endif
OPT      ?= -O2 -g
VERSION  := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' python/pyc2c/_version.py)
CFLAGS_PYC2C := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -MMD -MP -I$(TS_CORE)/include \
                -DPYC2C_VERSION='"$(VERSION)"'
LDLIBS_PYC2C := -lm
ifdef SAN
CFLAGS_PYC2C += -fsanitize=address,undefined -fno-omit-frame-pointer
LDLIBS_PYC2C += -fsanitize=address,undefined
endif

BASE_SRC  := $(addprefix compiler/base/, arena.c strbuf.c intern.c source.c diag.c json.c punycode.c)
FRONT_SRC := $(addprefix compiler/front/, tsnames.c lower.c lower_expr.c lower_stmt.c lower_params.c lower_match.c strings.c ast_dump.c syntax_errors.c syntax_hints.c limits.c encoding.c indent_scan.c)
SEMA_SRC  := $(addprefix compiler/sema/, types.c containers.c scope.c infer.c calls.c stmt.c module.c bound.c report.c walk.c comp.c genexp.c classes.c nested.c memo.c native_class.c instance.c dataclass_init.c narrow.c expect.c report_json.c contradict.c typing_names.c genexp_gen.c generators.c speculate.c speculate_params.c lambda_expect.c field_types.c class_final.c call_fit.c webs.c webs_names.c private_containers.c named_tuple.c splice.c function_names.c)
IR_SRC    := $(addprefix compiler/ir/, ir.c build.c build_stmt.c build_try.c build_class.c build_func.c build_expr.c build_call.c build_typed.c build_loops.c build_instance.c build_unpack_call.c build_split.c build_split_pair.c build_fused.c build_idioms.c build_str_spec.c build_method_spec.c build_spec_entry.c build_range.c build_comp.c build_fstring.c coerce.c print.c verify.c build_gen.c build_qualified.c build_vtable.c generic.c report_generic.c build_split_n.c build_counter.c)
PASS_SRC  := $(addprefix compiler/pass/, errors.c refcount.c run.c interrupts.c facts.c constfold.c copyprop.c intvec.c boolvec.c objwebs.c dce.c guards.c selfcall.c chaindepth.c i64copy.c tailacc.c cfg.c floatstore.c floatload.c itemmove.c rebox.c boxshare.c itemunbox.c ranges.c whilestrip.c wideacc.c loops.c licm.c bounds.c knownforms.c constidx.c floatout.c classchecks.c errshare.c errchain.c inline.c borrow.c nonnull.c liveness.c pset.c leafinline.c intchain.c acc64.c i64_prims.c floatrows.c loopcopy.c listrepeat.c globaltruth.c)
EMIT_SRC  := $(addprefix compiler/emit/, emit.c emit_op.c emit_module.c emit_memo.c emit_class.c emit_profile.c linemap.c emit_gen.c emit_chunks.c emit_parts.c emit_leaf.c emit_fast.c emit_quick.c emit_shape_entry.c emit_vtable.c emit_light.c emit_format.c)
DRIVER_SRC:= $(addprefix compiler/driver/, pyinfo.c cc.c options.c install.c batch.c cache.c check.c hot.c child.c tempdir.c pch.c pycheck.c)
PRIM_SRC  := $(addprefix compiler/prim/, prims.c operators.c)
SHIM_SRC  := stdlib-shims/shims.c
MAIN_SRC  := compiler/main.c

LIB_SRC   := $(BASE_SRC) $(PRIM_SRC) $(FRONT_SRC) $(SEMA_SRC) $(IR_SRC) $(PASS_SRC) $(EMIT_SRC) $(DRIVER_SRC) $(SHIM_SRC)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
TS_OBJ    := $(BUILD)/ts/lib.o $(BUILD)/ts/parser.o $(BUILD)/ts/scanner.o

.PHONY: install test-packaging test-batch bench-big all deps demo test test-unit test-cases test-packages test-diag test-cli test-leaks test-pythons test-stdlib test-bench-smoke bench clean test-hot test-stdlib-all test-stdlib-more test-fuzz fuzz bench-typed-oo test-ir test-san test-chunks test-bigmod fuzz-front test-layers test-fuzz-front bench-user test-san-compiler test-san-ext

all: $(BUILD)/pyc2c

# --- dependencies: pinned npm packages hold tree-sitter's C sources ---
deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(TS_CORE)/src/lib.c $(TS_PY)/parser.c $(TS_PY)/scanner.c: node_modules/.package-lock.json

$(BUILD)/ts/lib.o: $(TS_CORE)/src/lib.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 -w -I$(TS_CORE)/include -I$(TS_CORE)/src -c $< -o $@
$(BUILD)/ts/%.o: $(TS_PY)/%.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -w -I$(TS_PY) -c $< -o $@

$(BUILD)/%.o: %.c | node_modules/.package-lock.json
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_PYC2C) -c $< -o $@

$(BUILD)/libpyc2c.a: $(LIB_OBJ) $(TS_OBJ)
	ar rcs $@ $^

$(BUILD)/pyc2c: $(BUILD)/$(MAIN_SRC:.c=.o) $(BUILD)/libpyc2c.a
	$(CC) $(CFLAGS_PYC2C) $^ -o $@ $(LDLIBS_PYC2C)

# --- install: PREFIX/lib/pyc2c is the Python package `pyc2c` with the compiler in bin/
# and the runtime in runtime/ (where the binary looks, relative to itself);
# PREFIX/bin/pyc2c links to it. pip installs the same package (setup.py).
PREFIX ?= /usr/local
PKG_DIR = $(DESTDIR)$(PREFIX)/lib/pyc2c
install: $(BUILD)/pyc2c
	rm -rf $(PKG_DIR)
	mkdir -p $(PKG_DIR)/bin $(PKG_DIR)/runtime $(DESTDIR)$(PREFIX)/bin
	tar -C python/pyc2c --exclude=__pycache__ -cf - . | tar -C $(PKG_DIR) -xf -
	cp $(BUILD)/pyc2c $(PKG_DIR)/bin/pyc2c
	cp runtime/*.c runtime/*.h runtime/*.def $(PKG_DIR)/runtime/
	ln -sfn ../lib/pyc2c/bin/pyc2c $(DESTDIR)$(PREFIX)/bin/pyc2c

# --- the main job: compile an example and show its speedup ---
demo: $(BUILD)/pyc2c
	$(BUILD)/pyc2c examples/fib.py
	$(PYTHON) examples/speedup.py fib "fib(30)"

# --- tests ---
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk

test: test-unit test-cases test-packages test-batch test-diag test-stdlib test-leaks test-bench-smoke test-hot test-cli test-fuzz test-ir test-layers test-chunks test-bigmod
	@echo "all test suites passed"

# Headers layer downward only (base <- prim <- front <- sema <- ir <- pass <- emit <- driver).
test-layers:
	$(PYTHON) tests/check_layers.py

# CPython's own tests of pure-Python stdlib modules, run against the modules compiled by pyc2c.
test-stdlib: $(BUILD)/pyc2c
	$(PYTHON) tests/run_stdlib.py --pyc2c $(BUILD)/pyc2c

# The differential fuzzer (tests/fuzz/fuzz.py): random typed and untyped programs compiled
# and compared with CPython; a fixed-seed batch in make test, `make fuzz SEED=7 N=200` for more.
SEED ?= 1
N ?= 100
test-fuzz: $(BUILD)/pyc2c
	$(PYTHON) tests/fuzz/fuzz.py --pyc2c $(BUILD)/pyc2c --seed 1 -n 25
fuzz: $(BUILD)/pyc2c
	$(PYTHON) tests/fuzz/fuzz.py --pyc2c $(BUILD)/pyc2c --seed $(SEED) -n $(N)

# The stdlib-wide check (issue 16): every top-level pure-Python stdlib module builds and
# imports from its extension (built at -O0: the check is that each builds and imports, in
# a fifth of the C compiler's time: 166 modules in ~430 s of CPU), and the longer list of
# CPython test files against the compiled modules (built as users build them, -O2).
STDLIB_ALL_ARGS ?= --opt=-O0 -j 2
test-stdlib-all: $(BUILD)/pyc2c
	$(PYTHON) tests/run_stdlib.py --pyc2c $(BUILD)/pyc2c --all-modules $(STDLIB_ALL_ARGS)
test-stdlib-more: $(BUILD)/pyc2c
	$(PYTHON) tests/run_stdlib.py --pyc2c $(BUILD)/pyc2c --more

# The benchmark runner still works and every variant agrees with CPython (no timing asserted).
test-bench-smoke: $(BUILD)/pyc2c
	$(PYTHON) bench/run.py --programs fib,mandelbrot,sum_loop --reps 1 --rounds 1 --scale 0.3 --no-install \
	  --no-compile-speed --results $(BUILD)/bench-smoke.md > $(BUILD)/bench-smoke.log 2>&1 \
	  || { cat $(BUILD)/bench-smoke.log; exit 1; }
	@echo "bench smoke: checksums agree"
	$(PYTHON) bench/user_functions.py --programs memo_paths --rounds 1 --scale 0.3 --python "$$(command -v $(PYTHON))" \
	  > $(BUILD)/bench-user-functions.log 2>&1 || { cat $(BUILD)/bench-user-functions.log; exit 1; }
	@echo "bench smoke: the per-function table of make bench-user sees compiled functions"
	$(PYTHON) bench/user_run.py --programs memo_paths --reps 1 --min-seconds 0 --timing-rounds 2 \
	  --scale 0.3 --no-functions > $(BUILD)/bench-user-smoke.log 2>&1 || { cat $(BUILD)/bench-user-smoke.log; exit 1; }
	@echo "bench smoke: make bench-user's interleaved rounds agree with CPython"

test-cases: $(BUILD)/pyc2c
	$(PYTHON) tests/run_cases.py --pyc2c $(BUILD)/pyc2c tests/cases tests/cases_typecheck

# Packages: several files, some compiled; relative imports, module attributes, reload.
test-packages: $(BUILD)/pyc2c
	$(PYTHON) tests/run_packages.py --pyc2c $(BUILD)/pyc2c tests/packages

# Compiled workloads called many times under python3.11-dbg: no reference leaks.
test-leaks: $(BUILD)/pyc2c
	$(PYTHON) tests/run_leaks.py --pyc2c $(BUILD)/pyc2c tests/leaks

# IR golden tests: the IR after a named optimizer pass (tests/ir/*.test, --update to refresh).
test-ir: $(BUILD)/pyc2c
	$(PYTHON) tests/run_ir.py --pyc2c $(BUILD)/pyc2c tests/ir

# pyc2c build FILE DIR ... -j N: a tree built at once, failures, the cache, cache info|clean.
test-batch: $(BUILD)/pyc2c
	$(PYTHON) tests/run_batch.py --pyc2c $(BUILD)/pyc2c

# pip-installed pyc2c and `make install`; a sample project built four ways (PEP 517
# backend, python -m build, pip install -e, setup.py + pyc2cify) into fresh venvs, and
# bad [tool.pyc2c] input. Uses Debian's pip/build/venv of PACKAGING_PYTHON. Minutes:
# run by .ci/run beside `make test`.
PACKAGING_PYTHON ?= /usr/bin/python3
test-packaging: $(BUILD)/pyc2c
	$(PYTHON) tests/packaging/run.py --python $(PACKAGING_PYTHON)

test-diag: $(BUILD)/pyc2c
	$(PYTHON) tests/run_diag.py --pyc2c $(BUILD)/pyc2c tests/diag

# pyc2c hot / annotate on examples/hot, profilers seeing compiled code, the HTML page in
# headless chromium (skipped without it outside CI), bad input: about a minute.
test-hot: $(BUILD)/pyc2c
	$(PYTHON) tests/run_hot.py --pyc2c $(BUILD)/pyc2c

# Hostile input to the command line: encodings, NUL, usage errors, signals during cc, cc memory cap.
test-cli: $(BUILD)/pyc2c
	$(PYTHON) tests/run_cli.py --pyc2c $(BUILD)/pyc2c

test-pythons: $(BUILD)/pyc2c
	@set -e; root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
	for v in 3.9 3.10 3.11 3.12 3.13; do \
	  py=$$(ls -d $$root/versions/$$v.*/bin/python$$v 2>/dev/null | tail -1); \
	  if [ -z "$$py" ]; then echo "python $$v: not installed"; exit 1; fi; \
	  echo "== $$py"; $(PYTHON) tests/run_cases.py --pyc2c $(BUILD)/pyc2c --python $$py tests/cases; \
	  $(PYTHON) tests/run_packages.py --pyc2c $(BUILD)/pyc2c --python $$py tests/packages; \
	done

# pyc2c against CPython, mypyc, Cython, (PyPy) and C: see bench/run.py; BENCH_ARGS="--programs fib --reps 7"
# then stdlib textwrap/fractions compiled vs interpreted (bench/stdlib_speed.py -> bench/stdlib_speed.md);
# STDLIB_BENCH_ARGS="--reps 7 --scale 2"; then the memory of a Point(x, y, z: float) instance
# (bench/instance_memory.py). The typed_oo set (bench/typed_oo/, pyc2c beside mypyc) alone:
# make bench-typed-oo TYPED_OO_BENCH_ARGS="--programs richards --reps 7"
bench-typed-oo: $(BUILD)/pyc2c
	$(PYTHON) bench/run.py --set typed_oo --no-compile-speed $(TYPED_OO_BENCH_ARGS)
# (bench/instance_memory.py)
# bench/user: programs as people write them, CPython vs pyc2c vs mypyc (bench/user_run.py)
bench-user: $(BUILD)/pyc2c
	$(PYTHON) bench/user_run.py $(BENCH_USER_ARGS)

bench: $(BUILD)/pyc2c
	$(PYTHON) bench/run.py $(BENCH_ARGS)

# Long module bodies as chunk functions (emit_chunks.c), the C as parts (emit_parts.c):
# the cases cut at every possible point and spread over 3 translation units; a generated
# 1,500-line module builds within bounds and matches CPython.
test-chunks: $(BUILD)/pyc2c
	PYC2C_CHUNK_OPS=2 PYC2C_PARTS=3 $(PYTHON) tests/run_cases.py --pyc2c $(BUILD)/pyc2c tests/cases_chunks
test-bigmod: $(BUILD)/pyc2c
	$(PYTHON) tests/bigmod/check_bigmod.py --pyc2c $(BUILD)/pyc2c --lines 1500
	@py39=$$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.9.*/bin/python3.9 2>/dev/null | tail -1); \
	if [ -z "$$py39" ]; then echo "python 3.9 not installed: its display order's memory not checked"; fi; \
	echo $(PYTHON) tests/bigmod/check_displays.py --pyc2c $(BUILD)/pyc2c $${py39:+--target39 $$py39}; \
	$(PYTHON) tests/bigmod/check_displays.py --pyc2c $(BUILD)/pyc2c $${py39:+--target39 $$py39}
	$(PYTHON) tests/bigmod/check_locals.py --pyc2c $(BUILD)/pyc2c
	$(PYTHON) tests/bigmod/check_blocks.py --pyc2c $(BUILD)/pyc2c

# Build time and peak memory of one big generated module (bench/bigmodule.py), pyc2c vs mypyc.
bench-big: $(BUILD)/pyc2c
	$(PYTHON) bench/bigmodule.py --measure --pyc2c $(BUILD)/pyc2c
	$(PYTHON) bench/run.py --set typed_oo --no-compile-speed $(TYPED_OO_BENCH_ARGS)
	$(PYTHON) bench/stdlib_speed.py --pyc2c $(BUILD)/pyc2c $(STDLIB_BENCH_ARGS)
	$(PYTHON) bench/instance_memory.py

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(BUILD)/compiler/main.d
