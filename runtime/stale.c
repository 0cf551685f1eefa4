/* stale.c - an extension built from an older version of the .py beside it says so at
 * import: an edited source that was not rebuilt would otherwise run the old code
 * silently (the extension shadows the .py). */
#include "pyc2c.h"
#include "srchash.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DIR/STEM.py for DIR/STEM.cpython-311-x86_64-linux-gnu.so; NULL when not a path. */
static char *source_beside(const char *so)
{
    const char *slash = strrchr(so, '/');
    const char *base = slash ? slash + 1 : so;
    size_t dir = (size_t)(base - so), stem = strcspn(base, ".");
    char *py = malloc(dir + stem + 4);
    if (py) {
        memcpy(py, so, dir + stem);
        memcpy(py + dir + stem, ".py", 4);
    }
    return py;
}

/* The hash of path's bytes; false when it cannot be read. */
static bool hash_file(const char *path, uint64_t *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return false;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
            }
            buf = bigger;
        }
    }
    fclose(f);
    if (buf) {
        *out = pyc2c_source_hash(buf, len);
    }
    free(buf);
    return buf != NULL;
}

int Pyc2c_WarnIfStale(PyObject *module, const char *stamp)
{
    static int warned;
    size_t plen = strlen(PYC2C_STAMP_PREFIX);
    if (warned || strncmp(stamp, PYC2C_STAMP_PREFIX, plen) != 0) {
        return 0;
    }
    PyObject *file = PyModule_GetFilenameObject(module);
    const char *so = file ? PyUnicode_AsUTF8(file) : NULL;
    char *py = so ? source_beside(so) : NULL;
    uint64_t now;
    int rc = 0;
    if (py && hash_file(py, &now) && now != strtoull(stamp + plen, NULL, 16)) {
        warned = 1;
        rc = PyErr_WarnFormat(PyExc_RuntimeWarning, 1,
                              "%s was built by pyc2c from an older %s; it runs the old code "
                              "until rebuilt (pyc2c build %s)", so, py, py);
    }
    if (rc == 0) {
        PyErr_Clear();   /* no __file__ or no source: nothing to compare */
    }
    free(py);
    Py_XDECREF(file);
    return rc;
}
