/* C reference for bench/programs/sieve.py: sieve of Eratosthenes,
 * checksum (count * 1000003 + sum of primes) % (2**61 - 1). */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdlib.h>
#define DEFAULT_N 5000000
#define MOD ((1LL << 61) - 1)

static long long bench(long n) {
    bool *is_prime = malloc((size_t)n + 1);
    if (!is_prime) abort();
    for (long k = 0; k <= n; k++) is_prime[k] = true;
    is_prime[0] = false;
    if (n >= 1) is_prime[1] = false;
    for (long i = 2; i * i <= n; i++) {
        if (is_prime[i])
            for (long j = i * i; j <= n; j += i) is_prime[j] = false;
    }
    long long count = 0, total = 0;
    for (long k = 0; k <= n; k++) {
        if (is_prime[k]) {
            count++;
            total += k;
        }
    }
    free(is_prime);
    return (count * 1000003 + total) % MOD;
}

#include "bench_main.h"
