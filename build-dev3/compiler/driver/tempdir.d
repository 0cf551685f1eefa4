build-dev3/compiler/driver/tempdir.o: compiler/driver/tempdir.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
