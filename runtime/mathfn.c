/* mathfn.c - shims for CPython's math module.
 *
 * Ordinary arguments are computed with the same libm CPython's math module
 * calls.  Special values (nan, infinities, domain edges) and any result that is
 * not finite are handed to the math module itself, so results, exception types
 * and messages are the running interpreter's. */
#include "pyc2c.h"

/* math.<name>(x[, y]) through the interpreter's math module. */
static PyObject *call_math(const char *name, int nargs, double x, double y)
{
    PyObject *module = PyImport_ImportModule("math");
    PyObject *fn;
    PyObject *args[2] = {NULL, NULL};
    PyObject *r = NULL;
    if (module == NULL) {
        return NULL;
    }
    fn = PyObject_GetAttrString(module, name);
    Py_DECREF(module);
    if (fn == NULL) {
        return NULL;
    }
    args[0] = PyFloat_FromDouble(x);
    args[1] = nargs > 1 ? PyFloat_FromDouble(y) : NULL;
    if (args[0] != NULL && (nargs < 2 || args[1] != NULL)) {
        r = PyObject_Vectorcall(fn, args, (size_t)nargs, NULL);
    }
    Py_XDECREF(args[0]);
    Py_XDECREF(args[1]);
    Py_DECREF(fn);
    return r;
}

static double delegate(const char *name, int nargs, double x, double y)
{
    return Pyc2cFloat_OfNewRef(call_math(name, nargs, x, y));
}

double Pyc2cMath_Sqrt(double x)
{
    if (PYC2C_LIKELY(x >= 0.0 && isfinite(x))) {
        return sqrt(x);   /* sqrt(-0.0) is -0.0, as in CPython */
    }
    return delegate("sqrt", 1, x, 0.0);
}

double Pyc2cMath_Sin(double x)
{
    if (PYC2C_LIKELY(isfinite(x))) {
        return sin(x);
    }
    return delegate("sin", 1, x, 0.0);
}

double Pyc2cMath_Cos(double x)
{
    if (PYC2C_LIKELY(isfinite(x))) {
        return cos(x);
    }
    return delegate("cos", 1, x, 0.0);
}

double Pyc2cMath_Tan(double x)
{
    if (PYC2C_LIKELY(isfinite(x))) {
        double r = tan(x);
        if (isfinite(r)) {
            return r;
        }
    }
    return delegate("tan", 1, x, 0.0);
}

double Pyc2cMath_Exp(double x)
{
    if (PYC2C_LIKELY(isfinite(x))) {
        double r = exp(x);
        if (isfinite(r)) {
            return r;   /* underflow to 0.0 is not an error in CPython */
        }
    }
    return delegate("exp", 1, x, 0.0);
}

double Pyc2cMath_Log(double x)
{
    if (PYC2C_LIKELY(x > 0.0 && isfinite(x))) {
        return log(x);
    }
    return delegate("log", 1, x, 0.0);
}

double Pyc2cMath_Log2Arg(double x, double base)
{
    if (PYC2C_LIKELY(x > 0.0 && isfinite(x) && base > 0.0 && isfinite(base) && base != 1.0)) {
        return log(x) / log(base);
    }
    return delegate("log", 2, x, base);
}

double Pyc2cMath_Atan2(double y, double x)
{
    if (PYC2C_LIKELY(isfinite(x) && isfinite(y) && (x != 0.0 || y != 0.0))) {
        return atan2(y, x);
    }
    return delegate("atan2", 2, y, x);
}

double Pyc2cMath_Pow(double x, double y)
{
    if (PYC2C_LIKELY(x > 0.0 && isfinite(x) && isfinite(y))) {
        double r = pow(x, y);
        if (isfinite(r)) {
            return r;
        }
    }
    return delegate("pow", 2, x, y);
}

double Pyc2cMath_Fabs(double x)
{
    return fabs(x);
}

/* CPython's hypot has its own (version-dependent) correctly rounded algorithm,
 * not libm's: always ask the math module. */
double Pyc2cMath_Hypot(double x, double y)
{
    return delegate("hypot", 2, x, y);
}

Pyc2cInt Pyc2cMath_Floor(double x)
{
    return Pyc2cInt_FromDouble(floor(x));   /* nan, inf: CPython's own errors */
}

Pyc2cInt Pyc2cMath_Ceil(double x)
{
    return Pyc2cInt_FromDouble(ceil(x));
}

char Pyc2cMath_Isnan(double x)
{
    return isnan(x) != 0;
}

char Pyc2cMath_Isinf(double x)
{
    return isinf(x) != 0;
}

/* math.log(x[, base]) on objects: CPython takes the log of huge ints exactly. */
double Pyc2cMath_LogObject(PyObject *x, PyObject *base)
{
    PyObject *module = PyImport_ImportModule("math");
    if (module == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    PyObject *fn = PyObject_GetAttrString(module, "log");
    Py_DECREF(module);
    if (fn == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    PyObject *args[2] = {x, base};
    PyObject *r = PyObject_Vectorcall(fn, args, base ? 2 : 1, NULL);
    Py_DECREF(fn);
    return Pyc2cFloat_OfNewRef(r);
}

double Pyc2cMath_LogInt(Pyc2cInt x)
{
    if (Pyc2cInt_IsShort(x) && Pyc2cInt_ShortValue(x) > 0) {
        return Pyc2cMath_Log((double)Pyc2cInt_ShortValue(x));
    }
    PyObject *o = Pyc2cInt_Box(x);
    if (o == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    double d = Pyc2cMath_LogObject(o, NULL);
    Py_DECREF(o);
    return d;
}
