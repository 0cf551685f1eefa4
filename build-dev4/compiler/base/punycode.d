build-dev4/compiler/base/punycode.o: compiler/base/punycode.c \
 compiler/base/base.h
compiler/base/base.h:
