build-dev3/compiler/driver/batch.o: compiler/driver/batch.c \
 compiler/driver/driver.h compiler/driver/../base/base.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
