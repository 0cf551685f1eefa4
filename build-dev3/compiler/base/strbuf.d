build-dev3/compiler/base/strbuf.o: compiler/base/strbuf.c \
 compiler/base/base.h
compiler/base/base.h:
