/* C reference for bench/programs/sum_big.py: `total += i * i` over a range, ROUNDS rounds
 * of n - r terms, each total past 2**64 at DEFAULT_N, held in a 128-bit integer (GCC and
 * clang on 64-bit targets); combined as (checksum * 31 + total) % MOD. */
#define _POSIX_C_SOURCE 200809L
#define DEFAULT_N 4000000
#define ROUNDS 4
#define MOD 1000000007LL

__extension__ typedef __int128 wide;

static wide sum_squares(long n) {
    wide total = 0;
    for (long long i = 0; i < n; i++) total += (wide)i * i;
    return total;
}

static long long bench(long n) {
    long long checksum = 0;
    for (long r = 0; r < ROUNDS; r++) {
        wide s = sum_squares(n - r);
        /* Python's % is non-negative for a positive modulus; both operands are >= 0 here. */
        checksum = (long long)((checksum * 31 + s % MOD) % MOD);
    }
    return checksum;
}

#include "bench_main.h"
