# Unit tests (cmocka): one test_<module>.c per compiler or runtime module.
# test_runtime_*.c embed the target CPython and link runtime/*.c;
# the others link build/libpyc2c.a.

UNIT_COMPILER_SRC := $(filter-out tests/unit/test_runtime%,$(wildcard tests/unit/test_*.c))
UNIT_RUNTIME_SRC  := $(wildcard tests/unit/test_runtime*.c)
UNIT_BINS := $(UNIT_COMPILER_SRC:tests/unit/%.c=$(BUILD)/unit/%) $(UNIT_RUNTIME_SRC:tests/unit/%.c=$(BUILD)/unit/%)
RUNTIME_SRC := $(wildcard runtime/*.c)

PY_CFLAGS  = $(shell $(PYTHON)-config --includes)
PY_LDFLAGS = $(shell $(PYTHON)-config --ldflags --embed) -Wl,-rpath,$(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')

# cmocka comes from Debian; install it when missing and we are root.
CMOCKA_STAMP := $(BUILD)/.cmocka
$(CMOCKA_STAMP):
	@mkdir -p $(@D)
	@if [ ! -f /usr/include/cmocka.h ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing cmocka (libcmocka-dev)"; \
	    (apt-get install -y libcmocka-dev || (apt-get update && apt-get install -y libcmocka-dev)) >/dev/null; \
	  else \
	    echo "cmocka is missing: run  sudo apt-get install -y libcmocka-dev"; exit 1; \
	  fi; \
	fi
	@touch $@

$(BUILD)/unit/test_runtime%: tests/unit/test_runtime%.c $(RUNTIME_SRC) runtime/pyc2c.h $(CMOCKA_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 -g $(WARN) $(PY_CFLAGS) -Iruntime $< $(RUNTIME_SRC) -o $@ $(PY_LDFLAGS) -lcmocka -lm

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libpyc2c.a $(CMOCKA_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_PYC2C) $< $(BUILD)/libpyc2c.a -o $@ -lcmocka -lm

test-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
