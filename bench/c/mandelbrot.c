/* C reference for bench/programs/mandelbrot.py: points of an n x n grid in the set. */
#define _POSIX_C_SOURCE 200809L
#define DEFAULT_N 500
#define MAX_ITER 50

static int point_in_set(double cr, double ci) {
    double zr = 0.0, zi = 0.0;
    for (int it = 0; it < MAX_ITER; it++) {
        double zr2 = zr * zr;
        double zi2 = zi * zi;
        if (zr2 + zi2 > 4.0) return 0;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
    }
    return 1;
}

static long long bench(long n) {
    long long count = 0;
    for (long y = 0; y < n; y++) {
        double ci = 2.0 * (double)y / (double)n - 1.0;
        for (long x = 0; x < n; x++) {
            double cr = 2.0 * (double)x / (double)n - 1.5;
            if (point_in_set(cr, ci)) count++;
        }
    }
    return count;
}

#include "bench_main.h"
