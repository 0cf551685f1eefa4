build-dev4/compiler/base/intern.o: compiler/base/intern.c \
 compiler/base/base.h
compiler/base/base.h:
