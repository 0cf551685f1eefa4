build-dev4/compiler/driver/pyinfo.o: compiler/driver/pyinfo.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
