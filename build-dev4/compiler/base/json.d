build-dev4/compiler/base/json.o: compiler/base/json.c \
 compiler/base/base.h
compiler/base/base.h:
