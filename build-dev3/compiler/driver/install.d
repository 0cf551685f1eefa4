build-dev3/compiler/driver/install.o: compiler/driver/install.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
