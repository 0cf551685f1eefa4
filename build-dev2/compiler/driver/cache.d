build-dev2/compiler/driver/cache.o: compiler/driver/cache.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
