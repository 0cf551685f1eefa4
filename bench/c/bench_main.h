/* Shared driver for the C speed-of-light references; include it after defining
 *   #define DEFAULT_N <same as the Python module>
 *   static long long bench(long n);
 * Usage: ./prog [N [REPS]] (defaults DEFAULT_N and 1). Prints "checksum <value>" on the
 * first line, then one line per rep with the CPU seconds bench(N) took
 * (CLOCK_PROCESS_CPUTIME_ID, as bench/worker.py's time.process_time). */
#ifndef BENCH_MAIN_H
#define BENCH_MAIN_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long parse_arg(int argc, char **argv, int i, long dflt) {
    if (argc <= i) return dflt;
    char *end;
    long v = strtol(argv[i], &end, 10);
    if (end == argv[i] || *end != '\0' || v < 0) {
        fprintf(stderr, "usage: %s [N [REPS]]\n", argv[0]);
        exit(2);
    }
    return v;
}

/* Keeps every rep's call alive: the result is stored where the optimizer cannot drop it. */
static volatile long long bench_sink;

int main(int argc, char **argv) {
    long n = parse_arg(argc, argv, 1, DEFAULT_N);
    long reps = parse_arg(argc, argv, 2, 1);
    if (reps < 1) reps = 1;
    double *secs = malloc(sizeof(double) * (size_t)reps);
    if (!secs) return 1;
    long long checksum = 0;
    for (long r = 0; r < reps; r++) {
        double t0 = now_seconds();
        long long c = bench(n);
        double t1 = now_seconds();
        bench_sink = c;
        if (r == 0) {
            checksum = c;
        } else if (c != checksum) {
            fprintf(stderr, "checksum changed between reps: %lld != %lld\n", c, checksum);
            return 1;
        }
        secs[r] = t1 - t0;
    }
    printf("checksum %lld\n", checksum);
    for (long r = 0; r < reps; r++) printf("%.6f\n", secs[r]);
    free(secs);
    return 0;
}
#endif
