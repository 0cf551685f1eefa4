build-dev2/compiler/front/syntax_hints.o: compiler/front/syntax_hints.c
