build-dev4/compiler/driver/child.o: compiler/driver/child.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
