/* float.c - Python float semantics on C doubles.
 *
 * Edge cases (division by zero, pow special values) are handed to CPython so
 * the exceptions and messages are those of the running interpreter. */
#include "pyc2c.h"

static PyObject *number_power(PyObject *x, PyObject *y)
{
    return PyNumber_Power(x, y, Py_None);
}

double Pyc2cFloat_Delegate(double a, double b, char op)
{
    PyObject *x = PyFloat_FromDouble(a);
    PyObject *y = PyFloat_FromDouble(b);
    PyObject *r = NULL;
    double d = PYC2C_FLOAT_ERROR;
    if (x != NULL && y != NULL) {
        switch (op) {
        case '/': r = PyNumber_TrueDivide(x, y); break;
        case 'f': r = PyNumber_FloorDivide(x, y); break;
        case '%': r = PyNumber_Remainder(x, y); break;
        default: r = number_power(x, y); break;
        }
    }
    Py_XDECREF(x);
    Py_XDECREF(y);
    if (r == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    if (PyFloat_Check(r)) {
        d = PyFloat_AS_DOUBLE(r);
    } else {
        PyErr_SetString(PyExc_ValueError, "pyc2c: complex result of float power not supported");
    }
    Py_DECREF(r);
    return d;
}

/* Python's a % b for b != 0: the result takes the sign of b. */
double Pyc2cFloat_ModSlow(double a, double b)
{
    double mod = fmod(a, b);
    if (mod != 0.0) {
        if ((b < 0.0) != (mod < 0.0)) {
            mod += b;
        }
    } else {
        mod = copysign(0.0, b);
    }
    return mod;
}

/* Python's a // b for b != 0: floor of the exact quotient, computed from
 * (a - fmod(a, b)) / b and nudged to the nearest integer. */
double Pyc2cFloat_FloorDivSlow(double a, double b)
{
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    double floordiv;
    if (mod != 0.0 && (b < 0.0) != (mod < 0.0)) {
        div -= 1.0;
    }
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5) {
            floordiv += 1.0;
        }
    } else {
        floordiv = copysign(0.0, a / b);
    }
    return floordiv;
}

/* a ** b.  Finite positive bases and negative bases with integral exponents
 * are computed here; every special value goes through CPython. */
double Pyc2cFloat_Pow(double a, double b)
{
    double r;
    int negate = 0;
    if (b == 0.0) {
        return 1.0;   /* even for a nan base */
    }
    if (!isfinite(a) || !isfinite(b) || a == 0.0) {
        return Pyc2cFloat_Delegate(a, b, '*');
    }
    if (a < 0.0) {
        if (b != floor(b)) {
            return Pyc2cFloat_Delegate(a, b, '*');   /* complex result */
        }
        a = -a;
        negate = fmod(b, 2.0) != 0.0;
    }
    if (a == 1.0) {
        return negate ? -1.0 : 1.0;
    }
    r = pow(a, b);
    if (!isfinite(r)) {
        return Pyc2cFloat_Delegate(negate ? -a : a, b, '*');   /* OverflowError */
    }
    return negate ? -r : r;
}

char Pyc2cFloat_Check(PyObject *o)
{
    return PyFloat_Check(o) || PyLong_Check(o);
}

/* float or int (converted like float(int)); anything else: -113.0, no exception. */
double Pyc2cFloat_Unbox(PyObject *o)
{
    if (PYC2C_LIKELY(PyFloat_Check(o))) {
        return PyFloat_AS_DOUBLE(o);
    }
    if (PyLong_Check(o)) {
        double d = PyLong_AsDouble(o);
        if (d == -1.0 && PyErr_Occurred()) {
            return PYC2C_FLOAT_ERROR;
        }
        return d;
    }
    return PYC2C_FLOAT_ERROR;
}

char Pyc2cFloat_UnboxOSlow(PyObject *o, double *v)
{
    *v = Pyc2cFloat_UnboxChecked(o);
    return *v == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? 2 : 0;
}

double Pyc2cFloat_UnboxChecked(PyObject *o)
{
    if (PYC2C_LIKELY(PyFloat_Check(o))) {
        return PyFloat_AS_DOUBLE(o);
    }
    if (PyLong_Check(o)) {
        return Pyc2cFloat_Unbox(o);
    }
    Pyc2c_TypeError("float", o);
    return PYC2C_FLOAT_ERROR;
}

PyObject *Pyc2cFloat_Str(double d)
{
    PyObject *boxed = PyFloat_FromDouble(d);
    PyObject *s;
    if (boxed == NULL) {
        return NULL;
    }
    s = PyObject_Str(boxed);
    Py_DECREF(boxed);
    return s;
}
