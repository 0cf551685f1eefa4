# Fuzzing and sanitizers (issue 20). Separate build trees, so they never mix with build/.
#   make fuzz-front DURATION=600     libFuzzer (clang) over parse+sema+IR+passes+emit,
#                                    seeded from every case source; findings in build-fuzz/
#   make test-fuzz-front             the CI slice: a fixed seed for FUZZ_CI_SECONDS
#   make test-san                    test-san-compiler: the compiler under ASan+UBSan on a
#                                    slice of the cases (SAN_CASES) and tests/diag;
#                                    test-san-ext: extensions built with ASan+UBSan run under
#                                    python3 with libasan preloaded (SAN_EXT_CASES; no cc
#                                    memory cap: ASan reserves terabytes of address space)
FUZZ_CC     ?= clang
FUZZ_BUILD  := build-fuzz
FUZZ_FLAGS  := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined
FUZZ_OBJ    := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o) $(TS_OBJ:$(BUILD)/%=$(FUZZ_BUILD)/%)
DURATION    ?= 60
FUZZ_CI_SECONDS ?= 90
FUZZ_ARGS   := -timeout=10 -rss_limit_mb=2048 -max_len=20000 -print_final_stats=1

# -MMD: an edited header or .def (prims.def renumbers PrimId) rebuilds what includes it;
# stale objects mixing two numberings read past an op's operands (a false finding)
$(FUZZ_BUILD)/%.o: %.c | node_modules/.package-lock.json
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE $(FUZZ_FLAGS) -MMD -MP -w -I$(TS_CORE)/include \
	  -DPYC2C_RUNTIME_DIR='"$(abspath runtime)"' -DPYC2C_VERSION='"0.1.0"' -c $< -o $@
$(FUZZ_BUILD)/ts/lib.o: $(TS_CORE)/src/lib.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -D_DEFAULT_SOURCE $(FUZZ_FLAGS) -w -I$(TS_CORE)/include -I$(TS_CORE)/src -c $< -o $@
$(FUZZ_BUILD)/ts/%.o: $(TS_PY)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) -w -I$(TS_PY) -c $< -o $@

-include $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.d)

$(FUZZ_BUILD)/fuzz_front: tests/fuzz/fuzz_front.c $(FUZZ_OBJ)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	  -I$(TS_CORE)/include $^ -o $@ -lm

$(FUZZ_BUILD)/seeds/.done: $(wildcard tests/cases/*.test tests/cases_typecheck/*.test tests/diag/*.test)
	rm -rf $(FUZZ_BUILD)/seeds
	$(PYTHON) tests/fuzz/seeds.py $(FUZZ_BUILD)/seeds
	@touch $@

fuzz-front: $(FUZZ_BUILD)/fuzz_front $(FUZZ_BUILD)/seeds/.done
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/findings
	ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILD)/fuzz_front $(FUZZ_ARGS) -max_total_time=$(DURATION) \
	  -artifact_prefix=$(FUZZ_BUILD)/findings/ $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds

test-fuzz-front: $(FUZZ_BUILD)/fuzz_front $(FUZZ_BUILD)/seeds/.done
	@rm -rf $(FUZZ_BUILD)/ci-corpus && mkdir -p $(FUZZ_BUILD)/ci-corpus $(FUZZ_BUILD)/findings
	ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILD)/fuzz_front $(FUZZ_ARGS) -seed=20 -max_total_time=$(FUZZ_CI_SECONDS) \
	  -artifact_prefix=$(FUZZ_BUILD)/findings/ $(FUZZ_BUILD)/ci-corpus $(FUZZ_BUILD)/seeds

# --- sanitizers ---
SAN_CASES     ?= tests/cases/control_flow.test tests/cases/generic_exceptions.test tests/cases/while_strips.test tests/cases/typed_copies.test
SAN_EXT_CASES ?= tests/cases/interrupts.test tests/cases/recursion_memory.test tests/cases/recursion_limit.test \
                 tests/cases/typed_list.test tests/cases/memory_error.test tests/cases/local_lifetime.test
SAN_EXT_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# The sanitized build is not -Werror (CI= below): gcc's -fsanitize builds warn falsely
# (vsnprintf(NULL, 0, ...) as a null format); the plain build checks the warnings.
# The extension slice: only the interpreter runs with libasan preloaded (a wrapper given
# as --python; cc and pyc2c run plain), and the ASan-built runtime archive is built once
# first (runtime-lib), not by every case at once within the suite's timeout.
SAN_PYTHON := build-san/python-asan
SAN_EXT_ENV = PYC2C_CC_MEMORY_MB=0 PYC2C_CACHE_DIR=$(abspath build-san)/cache CFLAGS="$(SAN_EXT_CFLAGS)"

$(SAN_PYTHON):
	@mkdir -p $(@D)
	printf '#!/bin/sh\nLD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 exec %s "$$@"\n' \
	  "$$($(CC) -print-file-name=libasan.so)" "$$($(PYTHON) -c 'import sys; print(sys.executable)')" > $@
	chmod +x $@

test-san: test-san-compiler test-san-ext

test-san-compiler:
	$(MAKE) SAN=1 BUILD=build-san CI= build-san/pyc2c
	# no address-space cap on cc: the ASan compiler's reservations exceed it before its watcher forks
	PYC2C_CC_MEMORY_MB=0 ASAN_OPTIONS=detect_leaks=0 $(PYTHON) tests/run_cases.py --pyc2c build-san/pyc2c -j2 $(SAN_CASES)
	PYC2C_CC_MEMORY_MB=0 ASAN_OPTIONS=detect_leaks=0 $(PYTHON) tests/run_diag.py --pyc2c build-san/pyc2c tests/diag

test-san-ext: $(BUILD)/pyc2c $(SAN_PYTHON)
	$(SAN_EXT_ENV) $(BUILD)/pyc2c runtime-lib --python $(abspath $(SAN_PYTHON))
	$(SAN_EXT_ENV) $(PYTHON) tests/run_cases.py --pyc2c $(BUILD)/pyc2c --python $(abspath $(SAN_PYTHON)) -j2 $(SAN_EXT_CASES)
