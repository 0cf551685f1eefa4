build-dev2/compiler/base/arena.o: compiler/base/arena.c \
 compiler/base/base.h
compiler/base/base.h:
