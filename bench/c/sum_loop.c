/* C reference for bench/programs/sum_loop.py: `total += i * i` over a range, ROUNDS
 * rounds of n - r terms, combined as (checksum * 31 + total) % MOD. Each round's total
 * stays below 2**63, as in the Python module. */
#define _POSIX_C_SOURCE 200809L
#define DEFAULT_N 2000000
#define ROUNDS 8
#define MOD 1000000007LL

static long long sum_squares(long n) {
    long long total = 0;
    for (long long i = 0; i < n; i++) total += i * i;
    return total;
}

static long long bench(long n) {
    long long checksum = 0;
    for (long r = 0; r < ROUNDS; r++) {
        long long s = sum_squares(n - r);
        /* Python's % is non-negative for a positive modulus; both operands are >= 0 here. */
        checksum = (checksum * 31 + s % MOD) % MOD;
    }
    return checksum;
}

#include "bench_main.h"
