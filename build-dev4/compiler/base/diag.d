build-dev4/compiler/base/diag.o: compiler/base/diag.c \
 compiler/base/base.h
compiler/base/base.h:
