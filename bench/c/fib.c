/* C reference for bench/programs/fib.py: naive recursive Fibonacci. */
#define _POSIX_C_SOURCE 200809L
#define DEFAULT_N 34

static long long fib(long n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

static long long bench(long n) { return fib(n); }

#include "bench_main.h"
