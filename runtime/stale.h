/* stale.h - warn when an extension is older than the .py beside it (stale.c). */
#ifndef PYC2C_STALE_H
#define PYC2C_STALE_H

/* stamp is PYC2C_STAMP_PREFIX followed by the source's hash ("" skips the check).
 * When the module's STEM.py beside its __file__ hashes differently, warns once per
 * process (RuntimeWarning: the default filters show it). -1 when the warning was
 * turned into an exception (python -W error). */
int Pyc2c_WarnIfStale(PyObject *module, const char *stamp);

#endif
