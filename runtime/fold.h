/* fold.h - accumulators of sum(), min() and max() over a generator expression run
 * as a loop (fold.c). Each is an object held by the loop; Add returns -1 with an
 * exception set; Result gives a new reference or NULL. Included by pyc2c.h. */
#ifndef PYC2C_FOLD_H
#define PYC2C_FOLD_H

PyObject *Pyc2cSum_New(PyObject *start);   /* start NULL: 0 */
int Pyc2cSum_Add(PyObject *acc, PyObject *item);
int Pyc2cSum_AddInt(PyObject *acc, Pyc2cInt v);
int Pyc2cSum_AddFloat(PyObject *acc, double x);
PyObject *Pyc2cSum_Result(PyObject *acc);

PyObject *Pyc2cMinMax_New(PyObject *key, int is_max);   /* key NULL or None: the items */
int Pyc2cMinMax_Add(PyObject *acc, PyObject *item);
PyObject *Pyc2cMinMax_Result(PyObject *acc, PyObject *dflt);   /* dflt NULL: ValueError when empty */

#endif
