/* function.c - the function object of compiled functions (see function.h).
 *
 * Its type is named "function", as CPython's: error messages name the type by tp_name
 * ("'function' object has no attribute 'x'"); it is still not types.FunctionType (which
 * cannot be subclassed), but its __class__ says it is (get_class).  Calls go to the generated Python entry through vectorcall (profile.c). */
#include "pyc2c.h"

#include <stddef.h>

/* ---- Python helpers: rare paths, clearer in Python than through the C API ---- */

static const char helpers_src[] =
    "import __future__\n"
    "FUTURE = __future__.annotations.compiler_flag\n"
    "\n"
    "def annotations(names, texts, future, globals):\n"
    "    d = {}\n"
    "    for name, text in zip(names, texts):\n"
    "        if text is None:\n"
    "            continue\n"
    "        if future:\n"
    "            # the string CPython's compiler makes of the annotation (its own unparser)\n"
    "            ns = {'__annotations__': {}}\n"
    "            exec(compile('_: (' + text + ')', '<annotation>', 'exec', FUTURE, True), ns)\n"
    "            d[name] = ns['__annotations__']['_']\n"
    "        else:\n"
    "            d[name] = eval(compile('(' + text + ')', '<annotation>', 'eval', 0, True), globals)\n"
    "    return d\n"
    "\n"
    "def signature(names, layout, defaults, kwdefaults, ann):\n"
    "    # names as in co_varnames: positional, keyword-only, *args, **kwargs\n"
    "    import inspect\n"
    "    P = inspect.Parameter\n"
    "    nposonly, npos, nkwonly, varargs, varkw = layout\n"
    "    first = npos - (len(defaults) if defaults else 0)\n"
    "    params = []\n"
    "    def add(name, kind, **kw):\n"
    "        if name in ann:\n"
    "            kw['annotation'] = ann[name]\n"
    "        params.append(P(name, kind, **kw))\n"
    "    for i in range(npos):\n"
    "        kind = P.POSITIONAL_ONLY if i < nposonly else P.POSITIONAL_OR_KEYWORD\n"
    "        add(names[i], kind, **({'default': defaults[i - first]} if i >= first else {}))\n"
    "    rest = npos + nkwonly\n"
    "    if varargs:\n"
    "        add(names[rest], P.VAR_POSITIONAL)\n"
    "    for name in names[npos:npos + nkwonly]:\n"
    "        kw = {'default': kwdefaults[name]} if kwdefaults and name in kwdefaults else {}\n"
    "        add(name, P.KEYWORD_ONLY, **kw)\n"
    "    if varkw:\n"
    "        add(names[rest + varargs], P.VAR_KEYWORD)\n"
    "    ret = ann.get('return', inspect.Signature.empty)\n"
    "    return inspect.Signature(params, return_annotation=ret)\n"
    "\n"
    "def code(names, layout, name, qualname, filename, line, freevars):\n"
    "    # what introspection reads of a function's code object (inspect.getargs:\n"
    "    # co_argcount, co_varnames, co_flags, co_freevars; inspect.getsource:\n"
    "    # co_filename, co_firstlineno); the compiled code never runs it\n"
    "    nposonly, npos, nkwonly, varargs, varkw = layout\n"
    "    filename = filename if isinstance(filename, str) else '<compiled>'\n"
    "    c = compile('def _(): pass', filename, 'exec').co_consts[0]\n"
    "    kw = dict(co_argcount=npos, co_posonlyargcount=nposonly, co_kwonlyargcount=nkwonly,\n"
    "              co_varnames=tuple(names), co_nlocals=len(names), co_flags=0x3 | (0x4 if varargs else 0) | (0x8 if varkw else 0),\n"
    "              co_name=name, co_filename=filename, co_firstlineno=line, co_freevars=freevars)\n"
    "    if hasattr(c, 'co_qualname'):\n"
    "        kw['co_qualname'] = qualname\n"
    "    return c.replace(**kw)\n"
    "\n"
    "def cleandoc(doc):\n"
    "    # CPython 3.13's compiler strips docstring indentation (_PyCompile_CleanDoc)\n"
    "    lines = doc.expandtabs().split('\\n')\n"
    "    margin = min((len(l) - len(l.lstrip(' ')) for l in lines[1:] if l.lstrip(' ')), default=0)\n"
    "    return '\\n'.join([lines[0].lstrip(' ')] + [l[margin:] for l in lines[1:]])\n";

/* Borrowed reference to the helper `name`; the helpers are compiled at first use. */
static PyObject *helper(const char *name)
{
    static PyObject *ns = NULL;
    if (ns == NULL) {
        PyObject *d = PyDict_New();
        PyObject *code = Py_CompileString(helpers_src, "<pyc2c function>", Py_file_input);
        PyObject *r = NULL;
        if (d != NULL && code != NULL && PyDict_SetItemString(d, "__builtins__", PyEval_GetBuiltins()) == 0) {
            r = PyEval_EvalCode(code, d, d);
        }
        Py_XDECREF(code);
        if (r == NULL) {
            Py_XDECREF(d);
            return NULL;
        }
        Py_DECREF(r);
        ns = d;
    }
    PyObject *fn = PyDict_GetItemString(ns, name);
    if (fn == NULL) {
        PyErr_Format(PyExc_SystemError, "pyc2c: no helper %s", name);
    }
    return fn;
}

static PyObject *param_names(const Pyc2cSig *sig)
{
    PyObject *t = PyTuple_New(PYC2C_SIG_NSLOTS(sig));
    for (int i = 0; t != NULL && i < PYC2C_SIG_NSLOTS(sig); i++) {
        PyObject *s = PyUnicode_InternFromString(sig->params[i]);
        if (s == NULL) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

/* co_freevars: the closure's cell names (none: an empty tuple). */
static PyObject *free_names(const char *const *names)
{
    Py_ssize_t n = 0;
    while (names && names[n]) {
        n++;
    }
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; t != NULL && i < n; i++) {
        PyObject *s = PyUnicode_InternFromString(names[i]);
        if (s == NULL) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

/* The parameters in the order CPython's compiler lists their annotations:
 * positional-or-keyword, positional-only, *args, keyword-only, **kwargs. */
static void annotation_order(const Pyc2cSig *sig, int *order)
{
    int n = 0, rest = sig->nparams + sig->nkwonly;
    for (int i = sig->nposonly; i < sig->nparams; i++) {
        order[n++] = i;
    }
    for (int i = 0; i < sig->nposonly; i++) {
        order[n++] = i;
    }
    if (sig->varargs) {
        order[n++] = rest;
    }
    for (int i = sig->nparams; i < rest; i++) {
        order[n++] = i;
    }
    if (sig->varkw) {
        order[n++] = rest + sig->varargs;
    }
}

/* {param: annotation, ..., "return": annotation} in CPython's order. */
static PyObject *build_annotations(Pyc2cFunction *f)
{
    const Pyc2cFuncDef *def = f->def;
    int n = PYC2C_SIG_NSLOTS(def->sig);
    int order[256];
    if (n > 256) {
        PyErr_SetString(PyExc_SystemError, "pyc2c: too many parameters");
        return NULL;
    }
    annotation_order(def->sig, order);
    PyObject *fn = helper("annotations");
    PyObject *names = fn ? param_names(def->sig) : NULL;
    PyObject *all = names ? PyTuple_New(n + 1) : NULL;
    PyObject *texts = all ? PyTuple_New(n + 1) : NULL;
    PyObject *r = NULL;
    if (texts == NULL) {
        goto done;
    }
    for (int i = 0; i <= n; i++) {
        int p = i < n ? order[i] : n;
        PyObject *name = i < n ? PyTuple_GET_ITEM(names, p) : PyUnicode_InternFromString("return");
        const char *a = def->annotations ? def->annotations[p] : NULL;
        if (name == NULL) {
            goto done;
        }
        if (i < n) {
            Py_INCREF(name);
        }
        PyTuple_SET_ITEM(all, i, name);
        PyObject *text = a ? PyUnicode_FromString(a) : (Py_INCREF(Py_None), Py_None);
        if (text == NULL) {
            goto done;
        }
        PyTuple_SET_ITEM(texts, i, text);
    }
    r = PyObject_CallFunction(fn, "OOiO", all, texts, def->future_annotations, f->globals);
done:
    Py_XDECREF(names);
    Py_XDECREF(all);
    Py_XDECREF(texts);
    return r;
}

/* ---- the type ---- */

static PyTypeObject Pyc2cFunction_Type;

static PyObject *or_none(PyObject *v)
{
    v = v ? v : Py_None;
    Py_INCREF(v);
    return v;
}

/* Replaces *slot by value (a new reference taken), NULL allowed. */
static int replace(PyObject **slot, PyObject *value)
{
    PyObject *old = *slot;
    Py_XINCREF(value);
    *slot = value;
    Py_XDECREF(old);
    return 0;
}

static PyObject *get_name(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->name);
}

static int set_name(PyObject *op, PyObject *v, void *c)
{
    if (v == NULL || !PyUnicode_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "__name__ must be set to a string object");
        return -1;
    }
    return replace(&((Pyc2cFunction *)op)->name, v);
}

static PyObject *get_qualname(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->qualname);
}

static int set_qualname(PyObject *op, PyObject *v, void *c)
{
    if (v == NULL || !PyUnicode_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "__qualname__ must be set to a string object");
        return -1;
    }
    return replace(&((Pyc2cFunction *)op)->qualname, v);
}

/* __doc__ and __module__ take any value, as CPython's function members do. */
static PyObject *get_doc(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->doc);
}

static int set_doc(PyObject *op, PyObject *v, void *c)
{
    return replace(&((Pyc2cFunction *)op)->doc, v);
}

static PyObject *get_module(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->module);
}

static int set_module(PyObject *op, PyObject *v, void *c)
{
    return replace(&((Pyc2cFunction *)op)->module, v);
}

static PyObject *get_defaults(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->defaults);
}

static int set_defaults(PyObject *op, PyObject *v, void *c)
{
    v = v == Py_None ? NULL : v;
    if (v != NULL && !PyTuple_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    return replace(&((Pyc2cFunction *)op)->defaults, v);
}

static PyObject *get_kwdefaults(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->kwdefaults);
}

static int set_kwdefaults(PyObject *op, PyObject *v, void *c)
{
    v = v == Py_None ? NULL : v;
    if (v != NULL && !PyDict_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    return replace(&((Pyc2cFunction *)op)->kwdefaults, v);
}

static PyObject *get_annotations(PyObject *op, void *c)
{
    Pyc2cFunction *f = (Pyc2cFunction *)op;
    if (f->annotations == NULL) {
        f->annotations = f->annotations_built ? PyDict_New() : build_annotations(f);
        f->annotations_built = f->annotations != NULL;
    }
    return or_none(f->annotations);
}

static int set_annotations(PyObject *op, PyObject *v, void *c)
{
    v = v == Py_None ? NULL : v;
    if (v != NULL && !PyDict_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "__annotations__ must be set to a dict object");
        return -1;
    }
    ((Pyc2cFunction *)op)->annotations_built = 1;
    return replace(&((Pyc2cFunction *)op)->annotations, v);
}

/* inspect.signature() asks for __signature__ first: made from the parameter names,
 * __defaults__ and __annotations__ as they are now, unless one was assigned.  With a
 * __wrapped__ there is none, so that inspect follows __wrapped__ as for a Python function. */
static PyObject *get_signature(PyObject *op, void *c)
{
    Pyc2cFunction *f = (Pyc2cFunction *)op;
    PyObject *set = f->dict ? PyDict_GetItemString(f->dict, "__signature__") : NULL;
    if (set != NULL) {
        Py_INCREF(set);
        return set;
    }
    if (f->dict && PyDict_GetItemString(f->dict, "__wrapped__") != NULL) {
        PyErr_SetString(PyExc_AttributeError, "__signature__");
        return NULL;
    }
    PyObject *fn = helper("signature");
    PyObject *ann = fn ? get_annotations(op, NULL) : NULL;
    PyObject *names = ann ? param_names(f->def->sig) : NULL;
    PyObject *r = NULL;
    if (names != NULL) {
        const Pyc2cSig *sig = f->def->sig;
        PyObject *layout = Py_BuildValue("(iiiii)", sig->nposonly, sig->nparams, sig->nkwonly, sig->varargs,
                                         sig->varkw);
        PyObject *defaults = f->defaults ? f->defaults : Py_None;
        PyObject *kwdefaults = f->kwdefaults ? f->kwdefaults : Py_None;
        r = layout ? PyObject_CallFunctionObjArgs(fn, names, layout, defaults, kwdefaults, ann, NULL) : NULL;
        Py_XDECREF(layout);
    }
    Py_XDECREF(ann);
    Py_XDECREF(names);
    return r;
}

static int set_signature(PyObject *op, PyObject *v, void *c)
{
    PyObject *d = PyObject_GenericGetDict(op, NULL);
    int r;
    if (d == NULL) {
        return -1;
    }
    if (v != NULL) {
        r = PyDict_SetItemString(d, "__signature__", v);
    } else if ((r = PyDict_DelItemString(d, "__signature__")) < 0 && PyErr_ExceptionMatches(PyExc_KeyError)) {
        PyErr_SetString(PyExc_AttributeError, "__signature__");
    }
    Py_DECREF(d);
    return r;
}

/* A code object with the parameters' layout (turtle and inspect.getargs read it): made
 * at first read by the `code` helper. */
static PyObject *get_code(PyObject *op, void *c)
{
    Pyc2cFunction *f = (Pyc2cFunction *)op;
    if (f->code == NULL) {
        PyObject *fn = helper("code");
        PyObject *names = fn ? param_names(f->def->sig) : NULL;
        const Pyc2cSig *sig = f->def->sig;
        PyObject *file = f->def->filename ? PyUnicode_DecodeFSDefault(f->def->filename) : NULL;
        if (file == NULL && !PyErr_Occurred()) {   /* borrowed: one more reference for the DECREF */
            file = f->globals ? PyDict_GetItemString(f->globals, "__file__") : NULL;
            Py_XINCREF(file);
        }
        PyObject *free = names ? free_names(f->def->freevars) : NULL;
        if (free != NULL) {
            f->code = PyObject_CallFunction(fn, "O(iiiii)OOOiO", names, sig->nposonly, sig->nparams, sig->nkwonly,
                                            sig->varargs, sig->varkw, f->name, f->qualname,
                                            file && PyUnicode_Check(file) ? file : Py_None, f->def->line, free);
        }
        Py_XDECREF(free);
        Py_XDECREF(file);
        Py_XDECREF(names);
    }
    Py_XINCREF(f->code);
    return f->code;
}

static PyObject *get_closure(PyObject *op, void *c)
{
    return or_none(((Pyc2cFunction *)op)->closure);
}

/* The module's dict, as CPython's functions have it: typing.get_type_hints evaluates
 * string annotations in it. Read-only, as there. */
static PyObject *get_globals(PyObject *op, void *c)
{
    (void)c;
    return or_none(((Pyc2cFunction *)op)->globals);
}

/* types.FunctionType: isinstance(f, FunctionType) and inspect.isfunction(f) hold, as
 * for the source's def (isinstance consults __class__): mock's autospec then wraps the
 * method in a function that binds self, inspect and doctest treat it as a function.
 * type(f) stays this type. */
static PyObject *get_class(PyObject *op, void *c)
{
    (void)op;
    (void)c;
    return Py_NewRef((PyObject *)&PyFunction_Type);
}

static PyGetSetDef func_getset[] = {
    {"__class__", get_class, NULL, NULL, NULL},
    {"__name__", get_name, set_name, NULL, NULL},
    {"__qualname__", get_qualname, set_qualname, NULL, NULL},
    {"__doc__", get_doc, set_doc, NULL, NULL},
    {"__module__", get_module, set_module, NULL, NULL},
    {"__defaults__", get_defaults, set_defaults, NULL, NULL},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults, NULL, NULL},
    {"__annotations__", get_annotations, set_annotations, NULL, NULL},
    {"__signature__", get_signature, set_signature, NULL, NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {"__closure__", get_closure, NULL, NULL, NULL},
    {"__code__", get_code, NULL, NULL, NULL},
    {"__globals__", get_globals, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* Pickled as a global: pickle finds it again by __module__ and __qualname__. */
static PyObject *func_reduce(PyObject *op, PyObject *unused)
{
    return or_none(((Pyc2cFunction *)op)->qualname);
}

static PyMethodDef func_methods[] = {
    {"__reduce__", func_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* Stored in a class, it binds as a method, as a Python function does. */
static PyObject *func_descr_get(PyObject *op, PyObject *obj, PyObject *type)
{
    if (obj == NULL || obj == Py_None) {
        Py_INCREF(op);
        return op;
    }
    return PyMethod_New(op, obj);
}

static PyObject *func_repr(PyObject *op)
{
    return PyUnicode_FromFormat("<function %S at %p>", ((Pyc2cFunction *)op)->qualname, op);
}

static int func_traverse(PyObject *op, visitproc visit, void *arg)
{
    Pyc2cFunction *f = (Pyc2cFunction *)op;
    Py_VISIT(f->globals);
    Py_VISIT(f->name);
    Py_VISIT(f->qualname);
    Py_VISIT(f->doc);
    Py_VISIT(f->module);
    Py_VISIT(f->defaults);
    Py_VISIT(f->kwdefaults);
    Py_VISIT(f->annotations);
    Py_VISIT(f->dict);
    Py_VISIT(f->closure);
    Py_VISIT(f->code);
    return 0;
}

static int func_clear(PyObject *op)
{
    Pyc2cFunction *f = (Pyc2cFunction *)op;
    Py_CLEAR(f->globals);
    Py_CLEAR(f->name);
    Py_CLEAR(f->qualname);
    Py_CLEAR(f->doc);
    Py_CLEAR(f->module);
    Py_CLEAR(f->defaults);
    Py_CLEAR(f->kwdefaults);
    Py_CLEAR(f->annotations);
    Py_CLEAR(f->dict);
    Py_CLEAR(f->closure);
    Py_CLEAR(f->profile_stand_in);
    Py_CLEAR(f->code);
    return 0;
}

static void func_dealloc(PyObject *op)
{
    PyObject_GC_UnTrack(op);
    if (((Pyc2cFunction *)op)->weakreflist != NULL) {
        PyObject_ClearWeakRefs(op);
    }
    func_clear(op);
    PyObject_GC_Del(op);
}

static PyTypeObject Pyc2cFunction_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "function",
    .tp_basicsize = sizeof(Pyc2cFunction),
    .tp_dealloc = func_dealloc,
    .tp_vectorcall_offset = offsetof(Pyc2cFunction, vectorcall),
    .tp_repr = func_repr,
    .tp_call = PyVectorcall_Call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_setattro = PyObject_GenericSetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_traverse = func_traverse,
    .tp_clear = func_clear,
    .tp_weaklistoffset = offsetof(Pyc2cFunction, weakreflist),
    .tp_methods = func_methods,
    .tp_getset = func_getset,
    .tp_descr_get = func_descr_get,
    .tp_dictoffset = offsetof(Pyc2cFunction, dict),
};

/* ---- creation and calls ---- */

static PyObject *docstring(const char *doc)
{
    if (doc == NULL) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    PyObject *s = Pyc2c_StrFromSource(doc, (Py_ssize_t)strlen(doc));
#if PY_VERSION_HEX >= 0x030D0000
    /* a one-line docstring without leading blanks or tabs is already clean */
    if (s != NULL && (doc[0] == ' ' || strpbrk(doc, "\n\t") != NULL)) {
        PyObject *fn = helper("cleandoc");
        PyObject *clean = fn ? PyObject_CallFunctionObjArgs(fn, s, NULL) : NULL;
        Py_DECREF(s);
        s = clean;
    }
#endif
    return s;
}

/* __defaults__ from n new references (stolen), NULL when there are none. */
static PyObject *defaults_tuple(Py_ssize_t n, PyObject **items)
{
    return n > 0 ? Pyc2c_TupleSteal(n, items) : NULL;
}

PyObject *Pyc2cFunction_New(const Pyc2cFuncDef *def, PyObject *globals, Py_ssize_t ndefaults,
                            PyObject **defaults)
{
    PyObject *defs = defaults_tuple(ndefaults, defaults);
    if (ndefaults > 0 && defs == NULL) {
        return NULL;
    }
    if (!(Pyc2cFunction_Type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&Pyc2cFunction_Type) < 0) {
        Py_XDECREF(defs);
        return NULL;
    }
    Pyc2cFunction *f = PyObject_GC_New(Pyc2cFunction, &Pyc2cFunction_Type);
    if (f == NULL) {
        Py_XDECREF(defs);
        return NULL;
    }
    f->vectorcall = Pyc2cProfile_Vectorcall;   /* def->entry, seen by profilers */
    f->def = def;
    Py_INCREF(globals);
    f->globals = globals;
    f->name = PyUnicode_InternFromString(def->name);
    if (def->qualname != NULL) {
        f->qualname = PyUnicode_InternFromString(def->qualname);
    } else {
        Py_XINCREF(f->name);
        f->qualname = f->name;
    }
    f->doc = docstring(def->doc);
    /* like CPython: the __name__ of the globals at definition time, else None */
    f->module = PyDict_GetItemString(globals, "__name__");
    Py_XINCREF(f->module);
    f->defaults = defs;
    f->kwdefaults = NULL;
    f->annotations = NULL;
    f->annotations_built = 0;
    f->dict = NULL;
    f->weakreflist = NULL;
    f->closure = NULL;
    f->profile_stand_in = NULL;
    f->code = NULL;
    PyObject_GC_Track(f);
    if (f->name == NULL || f->doc == NULL) {
        Py_DECREF(f);
        return NULL;
    }
    return (PyObject *)f;
}

PyObject *Pyc2cFunction_SetClosure(PyObject *f, PyObject *closure)
{
    if (f != NULL) {
        Py_INCREF(closure);
        Py_XSETREF(((Pyc2cFunction *)f)->closure, closure);
    }
    return f;
}

int Pyc2cFunction_BindArgs(PyObject *func, PyObject *const *args, size_t nargsf, PyObject *kwnames,
                           PyObject **in, PyObject **keep)
{
    Pyc2cFunction *f = (Pyc2cFunction *)func;
    const Pyc2cSig *s = f->def->sig;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    /* the common call: every parameter given by position, nothing else to bind */
    if (nargs == s->nparams && (kwnames == NULL || PyTuple_GET_SIZE(kwnames) == 0) &&
        s->nkwonly == 0 && !s->varargs && !s->varkw) {
        for (Py_ssize_t i = 0; i < nargs; i++) {
            in[i] = args[i];
        }
        *keep = NULL;
        return 0;
    }
    Pyc2cSig sig = *s;
    Py_ssize_t ndefaults = f->defaults ? PyTuple_GET_SIZE(f->defaults) : 0;
    Py_ssize_t first = sig.nparams - ndefaults;   /* the first parameter with a default; may be < 0 */
    sig.nrequired = first > 0 ? (int)first : 0;
    *keep = NULL;
    if (Pyc2c_ParseArgsEx(args, nargs, kwnames, &sig, f->kwdefaults, in) < 0) {
        return -1;
    }
    for (int i = sig.nrequired; i < sig.nparams; i++) {
        if (in[i] == NULL) {
            in[i] = PyTuple_GET_ITEM(f->defaults, i - first);
        }
    }
    /* keyword-only values may come from __kwdefaults__, which the call may change */
    for (int i = sig.nparams; i < sig.nparams + sig.nkwonly; i++) {
        Py_INCREF(in[i]);
    }
    Py_XINCREF(f->defaults);
    *keep = f->defaults;
    return 0;
}

int Pyc2cFunction_Check(PyObject *v)
{
    return Py_IS_TYPE(v, &Pyc2cFunction_Type);
}

int Pyc2cFunction_IsOf(PyObject *v, const Pyc2cFuncDef *def, PyObject *globals)
{
    return Py_IS_TYPE(v, &Pyc2cFunction_Type) && ((Pyc2cFunction *)v)->def == def &&
           ((Pyc2cFunction *)v)->globals == globals;
}

PyObject *Pyc2cFunction_SetKwDefaults(PyObject *func, int n, const char *const *names, PyObject **values)
{
    int ok = func != NULL;
    for (int i = 0; i < n; i++) {
        ok = ok && values[i] != NULL;
    }
    PyObject *d = ok ? PyDict_New() : NULL;
    for (int i = 0; i < n; i++) {
        if (d != NULL && PyDict_SetItemString(d, names[i], values[i]) < 0) {
            Py_CLEAR(d);
        }
        Py_XDECREF(values[i]);
    }
    if (d == NULL) {
        Py_XDECREF(func);
        return NULL;
    }
    replace(&((Pyc2cFunction *)func)->kwdefaults, d);
    Py_DECREF(d);
    return func;
}

/* ---- the lookup behind Pyc2c_FuncIntact (rebind.h) ---- */
int Pyc2c_FuncIntactLookup(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen)
{
    if (seen->name == NULL) {
        seen->name = PyUnicode_InternFromString(def->name);   /* kept for the process */
        if (seen->name == NULL) {
            PyErr_Clear();
            return 0;   /* the generic call will raise MemoryError again */
        }
    }
    /* A str key's hash is cached, so this lookup cannot fail. */
    PyObject *v = PyDict_GetItemWithError(dict, seen->name);
    if (v == NULL || !Pyc2cFunction_IsOf(v, def, dict)) {
        PyErr_Clear();
        return 0;
    }
    seen->dict = dict;
    seen->version = Pyc2c_DictVersion(dict);
    return 1;
}
