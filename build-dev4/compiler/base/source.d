build-dev4/compiler/base/source.o: compiler/base/source.c \
 compiler/base/base.h
compiler/base/base.h:
