/* C reference for bench/programs/spectral_norm.py: 10 rounds of the power method on
 * A^T A, same float operations in the same order; checksum int(norm * 1e9). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#define DEFAULT_N 300

static double a_elem(long i, long j) {
    long ij = i + j;
    return 1.0 / (double)(ij * (ij + 1) / 2 + i + 1);
}

static void mul_av(const double *v, double *out, long n) {
    for (long i = 0; i < n; i++) {
        double s = 0.0;
        for (long j = 0; j < n; j++) s += a_elem(i, j) * v[j];
        out[i] = s;
    }
}

static void mul_atv(const double *v, double *out, long n) {
    for (long i = 0; i < n; i++) {
        double s = 0.0;
        for (long j = 0; j < n; j++) s += a_elem(j, i) * v[j];
        out[i] = s;
    }
}

static void mul_atav(const double *v, double *out, double *tmp, long n) {
    mul_av(v, tmp, n);
    mul_atv(tmp, out, n);
}

static long long bench(long n) {
    double *u = malloc(sizeof(double) * (size_t)(n ? n : 1));
    double *v = malloc(sizeof(double) * (size_t)(n ? n : 1));
    double *tmp = malloc(sizeof(double) * (size_t)(n ? n : 1));
    if (!u || !v || !tmp) abort();
    for (long i = 0; i < n; i++) {
        u[i] = 1.0;
        v[i] = 0.0;
        tmp[i] = 0.0;
    }
    for (int k = 0; k < 10; k++) {
        mul_atav(u, v, tmp, n);
        mul_atav(v, u, tmp, n);
    }
    double vbv = 0.0, vv = 0.0;
    for (long i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    free(u);
    free(v);
    free(tmp);
    return (long long)(sqrt(vbv / vv) * 1e9);
}

#include "bench_main.h"
