build-dev4/compiler/driver/hot.o: compiler/driver/hot.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
