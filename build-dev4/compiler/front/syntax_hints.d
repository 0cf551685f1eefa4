build-dev4/compiler/front/syntax_hints.o: compiler/front/syntax_hints.c
