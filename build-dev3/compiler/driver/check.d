build-dev3/compiler/driver/check.o: compiler/driver/check.c \
 compiler/driver/driver.h compiler/driver/../base/base.h \
 compiler/driver/../../runtime/srchash.h
compiler/driver/driver.h:
compiler/driver/../base/base.h:
compiler/driver/../../runtime/srchash.h:
