/* C reference for bench/programs/nbody.py: the same float operations in the same order,
 * so the energy (and its truncated 1e9-scaled checksum) matches bit for bit. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#define DEFAULT_N 150000
#define NB 5
#define PI 3.141592653589793
#define SOLAR_MASS (4.0 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body { double x, y, z, vx, vy, vz, m; };

static void make_bodies(struct body b[NB]) {
    b[0] = (struct body){0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS};
    b[1] = (struct body){4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
        1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
        -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS};
    b[2] = (struct body){8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
        -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
        2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS};
    b[3] = (struct body){1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
        2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
        -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS};
    b[4] = (struct body){1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
        2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
        -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS};
}

static void offset_momentum(struct body b[NB]) {
    double px = 0.0, py = 0.0, pz = 0.0;
    for (int i = 0; i < NB; i++) {
        px += b[i].vx * b[i].m;
        py += b[i].vy * b[i].m;
        pz += b[i].vz * b[i].m;
    }
    b[0].vx = -px / SOLAR_MASS;
    b[0].vy = -py / SOLAR_MASS;
    b[0].vz = -pz / SOLAR_MASS;
}

static double energy(const struct body b[NB]) {
    double e = 0.0;
    for (int i = 0; i < NB; i++) {
        const struct body *a = &b[i];
        e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = a->x - b[j].x;
            double dy = a->y - b[j].y;
            double dz = a->z - b[j].z;
            e -= a->m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(struct body b[NB], double dt, long steps) {
    for (long s = 0; s < steps; s++) {
        for (int i = 0; i < NB; i++) {
            struct body *a = &b[i];
            for (int j = i + 1; j < NB; j++) {
                struct body *c = &b[j];
                double dx = a->x - c->x;
                double dy = a->y - c->y;
                double dz = a->z - c->z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * sqrt(d2));
                double bm = c->m * mag;
                double am = a->m * mag;
                a->vx -= dx * bm;
                a->vy -= dy * bm;
                a->vz -= dz * bm;
                c->vx += dx * am;
                c->vy += dy * am;
                c->vz += dz * am;
            }
        }
        for (int i = 0; i < NB; i++) {
            b[i].x += dt * b[i].vx;
            b[i].y += dt * b[i].vy;
            b[i].z += dt * b[i].vz;
        }
    }
}

static long long bench(long n) {
    struct body b[NB];
    make_bodies(b);
    offset_momentum(b);
    advance(b, 0.01, n);
    return (long long)(energy(b) * 1e9); /* truncation toward zero, as Python's int() */
}

#include "bench_main.h"
