build-dev4/compiler/driver/cc.o: compiler/driver/cc.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
