/* The scanner's hot loop in C: well-formed entry heads and fields (belharbi_bib.bibtex.scanner).
 *
 * Optional: scanner.py uses it when it is importable (and BELHARBI_BIB_PURE_PYTHON is unset),
 * else its own pure-Python path, which reads the same language with regular expressions. This
 * module reads only text the pure path's fast regular expressions (_HEAD, _KEY, _FIELD) accept,
 * and gives the same pieces; at anything else it stops and says where, and the Python slow path
 * (comments, deep nesting, errors and their notes) goes on from there. It never records a
 * problem and never raises on data.
 *
 * The language read (Python's \s is Py_UNICODE_ISSPACE, for every string kind):
 *
 *   name   = [^\s"#%'(),={}@]+
 *   braced = '{' ... '}' balanced, nested at most MAX_DEPTH deep (the outer pair counts)
 *   quoted = '"' ... '"' ending at a '"' outside braces; braces inside balance (MAX_DEPTH)
 *   part   = braced | quoted | name
 *   field  = \s* name \s* '=' \s* part (\s* '#' \s* part)* \s* (',' (\s* [})])? | [})])
 *
 * Every choice above is decided by the next character, so one forward pass gives what the
 * regular expression's backtracking gives. Lines are counted forward for "\n", "\r\n" and a
 * lone "\r" alike (a line starts after each of them, as in scanner.Lines).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MAX_DEPTH 4 /* scanner._MAX_DEPTH */

/* Tables for the first 256 code points (filled when the module loads). */
static unsigned char space_table[256];
static unsigned char name_table[256];
static unsigned char macro_table[256];

static inline int
is_space(Py_UCS4 c)
{
    return c < 256 ? space_table[c] : Py_UNICODE_ISSPACE(c);
}

/* A name holds no white space and none of "#%'(),={}@ */
static inline int
is_name(Py_UCS4 c)
{
    return c < 256 ? name_table[c] : !Py_UNICODE_ISSPACE(c);
}

/* A key holds no white space and none of ,{}"=#%@ (nor ( and ) after a '('). */
static inline int
is_key(Py_UCS4 c, Py_UCS4 opener)
{
    switch (c) {
    case ',': case '{': case '}': case '"': case '=': case '#': case '%': case '@':
        return 0;
    case '(': case ')':
        return opener != '(';
    default:
        return !is_space(c);
    }
}

/* A macro name goes on with no white space and none of "#%'(),={} (values._MACRO_NAME). */
static inline int
is_macro(Py_UCS4 c)
{
    return c < 256 ? macro_table[c] : !Py_UNICODE_ISSPACE(c);
}

static void
fill_tables(void)
{
    Py_UCS4 c;
    for (c = 0; c < 256; c++) {
        space_table[c] = Py_UNICODE_ISSPACE(c) ? 1 : 0;
        name_table[c] = !space_table[c] && strchr("\"#%'(),={}@", (int)c) == NULL;
        macro_table[c] = !space_table[c] && strchr("\"#%'(),={}", (int)c) == NULL;
    }
    /* strchr finds the terminating NUL */
    name_table[0] = !space_table[0];
    macro_table[0] = !space_table[0];
}

typedef struct {
    Py_ssize_t name_start, name_stop, raw_start, raw_stop, end;
    int literal; /* one braced or quoted part */
    Py_UCS4 term; /* the closing delimiter read, or 0 */
} Field;

typedef struct {
    Py_ssize_t type_start, type_stop, key_start, key_stop, fields;
    Py_UCS4 opener;
} Head;

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t size;
} Text;

/* One part of a value expression (values.Part): its kind and its text's bounds in the raw. */
enum { PART_TEXT, PART_NUMBER, PART_MACRO };

typedef struct {
    int kind;
    Py_ssize_t start, stop;
} Part;

#define FEW_PARTS 16

typedef struct {
    Part *items;
    Py_ssize_t count, capacity;
    Part few[FEW_PARTS]; /* most values have few parts: no allocation for them */
} Parts;

static int
parts_add(Parts *parts, const Part *part)
{
    if (parts->count == parts->capacity) {
        Py_ssize_t capacity = parts->capacity * 2;
        Part *items;
        if (parts->items == parts->few) {
            items = PyMem_New(Part, capacity);
            if (items != NULL) {
                memcpy(items, parts->few, sizeof(parts->few));
            }
        }
        else {
            items = PyMem_Resize(parts->items, Part, capacity);
        }
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        parts->items = items;
        parts->capacity = capacity;
    }
    parts->items[parts->count++] = *part;
    return 0;
}

#define CHAR_T Py_UCS1
#define KIND(name) name##_ucs1
#include "_scan_kind.h"
#undef CHAR_T
#undef KIND
#define CHAR_T Py_UCS2
#define KIND(name) name##_ucs2
#include "_scan_kind.h"
#undef CHAR_T
#undef KIND
#define CHAR_T Py_UCS4
#define KIND(name) name##_ucs4
#include "_scan_kind.h"
#undef CHAR_T
#undef KIND

/* Dispatch on the text's kind. */
#define BY_KIND(t, call, ...)                                                                 \
    ((t)->kind == PyUnicode_1BYTE_KIND                                                       \
         ? call##_ucs1((const Py_UCS1 *)(t)->data, (t)->size, __VA_ARGS__)                   \
     : (t)->kind == PyUnicode_2BYTE_KIND                                                     \
         ? call##_ucs2((const Py_UCS2 *)(t)->data, (t)->size, __VA_ARGS__)                   \
         : call##_ucs4((const Py_UCS4 *)(t)->data, (t)->size, __VA_ARGS__))

#define BY_KIND_TEXT(t, call)                                                                 \
    ((t)->kind == PyUnicode_1BYTE_KIND   ? call##_ucs1((const Py_UCS1 *)(t)->data, (t)->size) \
     : (t)->kind == PyUnicode_2BYTE_KIND ? call##_ucs2((const Py_UCS2 *)(t)->data, (t)->size) \
                                         : call##_ucs4((const Py_UCS4 *)(t)->data, (t)->size))

/* The text from start to stop: a slice, or cut(start, stop) where stand-ins may be (>= clean). */
static PyObject *
piece(PyObject *text, Py_ssize_t start, Py_ssize_t stop, Py_ssize_t clean, PyObject *cut)
{
    if (stop <= clean) {
        return PyUnicode_Substring(text, start, stop);
    }
    return PyObject_CallFunction(cut, "nn", start, stop);
}

/* Read fields from i, appending (name, raw, line, literal) to out; line is the line of i.
 * Returns where reading stopped (-1 on a Python error) and sets *term to the closing delimiter
 * read, or 0 when stopped before something this module does not read. */
static Py_ssize_t
read_fields(PyObject *text, const Text *t, Py_ssize_t i, Py_ssize_t line, Py_ssize_t clean,
            PyObject *cut, PyObject *out, Py_UCS4 *term)
{
    Field f;
    Py_ssize_t last = i;
    *term = 0;
    while (BY_KIND(t, read_field, i, &f)) {
        PyObject *name, *raw, *number, *item;
        line += BY_KIND(t, count_lines, last, f.name_start);
        last = f.name_start;
        name = piece(text, f.name_start, f.name_stop, f.end > clean ? -1 : clean, cut);
        if (name == NULL) {
            return -1;
        }
        raw = piece(text, f.raw_start, f.raw_stop, f.end > clean ? -1 : clean, cut);
        if (raw == NULL) {
            Py_DECREF(name);
            return -1;
        }
        number = PyLong_FromSsize_t(line);
        item = number == NULL ? NULL : PyTuple_New(4);
        if (item == NULL) {
            Py_DECREF(name);
            Py_DECREF(raw);
            Py_XDECREF(number);
            return -1;
        }
        PyTuple_SET_ITEM(item, 0, name);
        PyTuple_SET_ITEM(item, 1, raw);
        PyTuple_SET_ITEM(item, 2, number);
        Py_INCREF(f.literal ? Py_True : Py_False);
        PyTuple_SET_ITEM(item, 3, f.literal ? Py_True : Py_False);
        if (PyList_Append(out, item) < 0) {
            Py_DECREF(item);
            return -1;
        }
        Py_DECREF(item);
        i = f.end;
        if (f.term) {
            *term = f.term;
            break;
        }
    }
    return i;
}

static int
text_of(PyObject *arg, Text *t)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(arg) < 0) {
        return -1;
    }
#endif
    t->kind = PyUnicode_KIND(arg);
    t->data = PyUnicode_DATA(arg);
    t->size = PyUnicode_GET_LENGTH(arg);
    return 0;
}

static PyObject *
term_of(Py_UCS4 term)
{
    if (term == 0) {
        Py_RETURN_NONE;
    }
    return PyUnicode_FromOrdinal((int)term);
}

/* An index argument as Py_ssize_t; -1 with the exception set (stops at the first failure). */
static int
ssize_arg(PyObject *arg, Py_ssize_t *out)
{
    *out = PyNumber_AsSsize_t(arg, PyExc_OverflowError);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

/* 0 when a function named what was given the expected number of arguments, else -1 with
 * a TypeError set. */
static int
arg_count(const char *what, Py_ssize_t expected, Py_ssize_t nargs)
{
    if (nargs != expected) {
        PyErr_Format(PyExc_TypeError, "%s() takes %zd arguments (%zd given)", what, expected,
                     nargs);
        return -1;
    }
    return 0;
}

static int
index_args(PyObject *const *args, Py_ssize_t nargs, const char *what, Text *t,
           Py_ssize_t *position, Py_ssize_t *line, Py_ssize_t *clean)
{
    if (arg_count(what, 6, nargs) < 0) {
        return -1;
    }
    if (text_of(args[0], t) < 0) {
        return -1;
    }
    if (ssize_arg(args[1], position) < 0 || ssize_arg(args[2], line) < 0 ||
        ssize_arg(args[3], clean) < 0) {
        return -1;
    }
    if (*position < 0 || *position > t->size) {
        PyErr_SetString(PyExc_ValueError, "position out of the text");
        return -1;
    }
    if (!PyCallable_Check(args[4]) || !PyList_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "cut must be callable and out a list");
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(fields_doc,
"fields(text, position, line, clean, cut, out) -> (position, term)\n\n"
"Read well-formed fields from position (on 1-based line `line`), appending\n"
"(name, raw, line, literal) tuples to out. Pieces ending past `clean` are taken\n"
"with cut(start, stop). Returns where reading stopped and the closing delimiter\n"
"read ('}' or ')'), or None when stopped before a field this module does not read.");

static PyObject *
scan_fields(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Text t;
    Py_ssize_t position, line, clean;
    Py_UCS4 term;
    (void)module;
    if (index_args(args, nargs, "fields", &t, &position, &line, &clean) < 0) {
        return NULL;
    }
    position = read_fields(args[0], &t, position, line, clean, args[4], args[5], &term);
    if (position < 0) {
        return NULL;
    }
    return Py_BuildValue("(nN)", position, term_of(term));
}

PyDoc_STRVAR(entry_doc,
"entry(text, at, line, clean, cut, out) -> None | (type, opener, key, position, term)\n\n"
"Read the entry whose '@' is at `at` (on line `line`): its type, its opening\n"
"delimiter, its key and a comma, then fields as fields() does. None, with nothing\n"
"read, when the block is not such an entry (a command, no key then comma ...).");

static PyObject *
scan_entry(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Text t;
    Py_ssize_t at, line, clean, i;
    Head h;
    Py_UCS4 term;
    PyObject *written, *key, *text, *cut;
    (void)module;
    if (index_args(args, nargs, "entry", &t, &at, &line, &clean) < 0) {
        return NULL;
    }
    text = args[0];
    cut = args[4];
    if (!BY_KIND(&t, read_head, at, &h) ||
        BY_KIND(&t, maybe_command, h.type_start, h.type_stop)) {
        Py_RETURN_NONE;
    }
    written = piece(text, h.type_start, h.type_stop, clean, cut);
    if (written == NULL) {
        return NULL;
    }
    key = piece(text, h.key_start, h.key_stop, clean, cut);
    if (key == NULL) {
        Py_DECREF(written);
        return NULL;
    }
    line += BY_KIND(&t, count_lines, at, h.fields);
    i = read_fields(text, &t, h.fields, line, clean, cut, args[5], &term);
    if (i < 0) {
        Py_DECREF(written);
        Py_DECREF(key);
        return NULL;
    }
    return Py_BuildValue("(NNNnN)", written, PyUnicode_FromOrdinal((int)h.opener), key, i,
                         term_of(term));
}

PyDoc_STRVAR(line_starts_doc,
"line_starts(text) -> list[int]\n\n"
"Where each line of text starts: 0, then after each \"\\n\", \"\\r\\n\" and lone \"\\r\".");

static PyObject *
scan_line_starts(PyObject *module, PyObject *arg)
{
    Text t;
    PyObject *out;
    (void)module;
    if (text_of(arg, &t) < 0) {
        return NULL;
    }
    out = Py_BuildValue("[i]", 0);
    if (out == NULL) {
        return NULL;
    }
    if (BY_KIND(&t, append_starts, out) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

PyDoc_STRVAR(brace_index_doc,
"brace_index(text) -> (positions, depths, floor)\n\n"
"Each '{' or '}' of text: where it is, the depth after it, and the lowest depth from\n"
"it to the end; three buffers of native 64-bit integers (array('q').frombytes).");

static PyObject *
scan_brace_index(PyObject *module, PyObject *arg)
{
    Text t;
    Py_ssize_t count, k;
    PyObject *positions, *depths, *floor;
    long long *low, *deep;
    (void)module;
    if (text_of(arg, &t) < 0) {
        return NULL;
    }
    count = BY_KIND(&t, braces, (long long *)NULL, (long long *)NULL);
    positions = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(long long));
    depths = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(long long));
    floor = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(long long));
    if (positions == NULL || depths == NULL || floor == NULL) {
        Py_XDECREF(positions);
        Py_XDECREF(depths);
        Py_XDECREF(floor);
        return NULL;
    }
    deep = (long long *)PyBytes_AS_STRING(depths);
    BY_KIND(&t, braces, (long long *)PyBytes_AS_STRING(positions), deep);
    low = (long long *)PyBytes_AS_STRING(floor);
    for (k = count - 1; k >= 0; k--) {
        low[k] = (k + 1 < count && low[k + 1] < deep[k]) ? low[k + 1] : deep[k];
    }
    return Py_BuildValue("(NNN)", positions, depths, floor);
}

PyDoc_STRVAR(odd_names_doc,
"odd_names(text) -> bool\n\n"
"True when reader._THREE_COMMAS or reader._ODD_NAMES finds something in text\n"
"(a name list that may not split: see reader.names_check).");

static PyObject *
scan_odd_names(PyObject *module, PyObject *arg)
{
    Text t;
    (void)module;
    if (text_of(arg, &t) < 0) {
        return NULL;
    }
    if (BY_KIND_TEXT(&t, three_commas) || BY_KIND_TEXT(&t, odd_names)) {
        Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

/* Attribute names of model.Field (interned when the module loads). */
static PyObject *str_name, *str_raw, *str_line, *str_text, *str_lower, *str_empty;

/* str.isdigit() */
static int
is_digits(PyObject *raw)
{
    Py_ssize_t size = PyUnicode_GET_LENGTH(raw), i;
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    if (size == 0) {
        return 0;
    }
    for (i = 0; i < size; i++) {
        if (!Py_UNICODE_ISDIGIT(PyUnicode_READ(kind, data, i))) {
            return 0;
        }
    }
    return 1;
}

PyDoc_STRVAR(literal_fields_doc,
"literal_fields(raw_fields, names, shared, field_type, share_below, last, repeating,\n"
"               share_repeating) -> (list, pending)\n\n"
"Build field_type(name.lower(), raw, line) for each raw field (name, raw, line,\n"
"literal) that is literal or whose raw value is digits (str.isdigit): names lowered\n"
"once through the dict `names`; raw values shorter than share_below, or shorter than\n"
"share_repeating for a name in the set `repeating`, kept once through the dict `shared`;\n"
"others equal to the last value of a field of that name kept once through the dict\n"
"`last` (lower-case name -> last value). The other fields are left as None in the\n"
"list (their names lowered into `names` too); pending counts them.");

/* Stop the cyclic collector following a frozen value that can be part of no reference cycle
   (a field holds strings, an int and None; a record, its fields): a large library read then
   costs no collection time (reference counting still frees it). */
static void
untrack(PyObject *value)
{
    if (Py_TYPE(value)->tp_dictoffset == 0 && PyObject_GC_IsTracked(value)) {
        PyObject_GC_UnTrack(value);
    }
}

static PyObject *
make_field(PyTypeObject *type, PyObject *empty, PyObject *name, PyObject *raw, PyObject *line)
{
    PyObject *item = type->tp_new(type, empty, NULL);
    if (item == NULL) {
        return NULL;
    }
    /* The generic setter: through the slots' descriptors, past a frozen __setattr__. */
    if (PyObject_GenericSetAttr(item, str_name, name) < 0 ||
        PyObject_GenericSetAttr(item, str_raw, raw) < 0 ||
        PyObject_GenericSetAttr(item, str_line, line) < 0 ||
        PyObject_GenericSetAttr(item, str_text, Py_None) < 0) {
        Py_DECREF(item);
        return NULL;
    }
    untrack(item); /* (and a tuple of untracked fields is untracked in turn) */
    return item;
}

static PyObject *
scan_literal_fields(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *seq, *names, *shared, *last, *repeating, *out, *empty;
    PyTypeObject *type;
    Py_ssize_t share_below, share_repeating, count, i, pending = 0;
    (void)module;
    if (arg_count("literal_fields", 8, nargs) < 0) {
        return NULL;
    }
    names = args[1];
    shared = args[2];
    last = args[5];
    repeating = args[6];
    if (!PyDict_Check(names) || !PyDict_Check(shared) || !PyDict_Check(last) ||
        !PyAnySet_Check(repeating) || !PyType_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "names, shared, last: dicts; repeating: a set; field_type: a type");
        return NULL;
    }
    type = (PyTypeObject *)args[3];
    if (ssize_arg(args[4], &share_below) < 0 || ssize_arg(args[7], &share_repeating) < 0) {
        return NULL;
    }
    seq = PySequence_Fast(args[0], "raw_fields must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    count = PySequence_Fast_GET_SIZE(seq);
    out = PyList_New(count);
    empty = PyTuple_New(0);
    if (out == NULL || empty == NULL) {
        goto error;
    }
    for (i = 0; i < count; i++) {
        PyObject *raw_field = PySequence_Fast_GET_ITEM(seq, i);
        PyObject *written, *name, *raw, *item;
        int repeats = 0;
        if (!PyTuple_Check(raw_field) || PyTuple_GET_SIZE(raw_field) != 4) {
            PyErr_SetString(PyExc_TypeError, "a raw field is a (name, raw, line, literal) tuple");
            goto error;
        }
        written = PyTuple_GET_ITEM(raw_field, 0);
        name = PyDict_GetItemWithError(names, written); /* borrowed */
        if (name == NULL) {
            if (PyErr_Occurred()) {
                goto error;
            }
            name = PyObject_CallMethodNoArgs(written, str_lower);
            if (name == NULL || PyDict_SetItem(names, written, name) < 0) {
                Py_XDECREF(name);
                goto error;
            }
            Py_DECREF(name); /* the dict holds it */
        }
        raw = PyTuple_GET_ITEM(raw_field, 1);
        if (PyTuple_GET_ITEM(raw_field, 3) != Py_True &&
            !(PyUnicode_Check(raw) && is_digits(raw))) {
            Py_INCREF(Py_None);
            PyList_SET_ITEM(out, i, Py_None);
            pending++;
            continue;
        }
        if (PyUnicode_Check(raw) &&
            (PyUnicode_GET_LENGTH(raw) < share_below ||
             (PyUnicode_GET_LENGTH(raw) < share_repeating &&
              (repeats = PySet_Contains(repeating, name)) != 0))) {
            if (repeats < 0) {
                goto error;
            }
            raw = PyDict_SetDefault(shared, raw, raw); /* borrowed */
            if (raw == NULL) {
                goto error;
            }
        }
        else if (PyUnicode_Check(raw)) { /* the same as the field's last value, or the last */
            PyObject *previous = PyDict_GetItemWithError(last, name); /* borrowed */
            if (previous != NULL && PyUnicode_Check(previous) &&
                PyUnicode_GET_LENGTH(previous) == PyUnicode_GET_LENGTH(raw) &&
                PyUnicode_Compare(previous, raw) == 0) {
                raw = previous;
            }
            else if (PyErr_Occurred() || PyDict_SetItem(last, name, raw) < 0) {
                goto error;
            }
        }
        item = make_field(type, empty, name, raw, PyTuple_GET_ITEM(raw_field, 2));
        if (item == NULL) {
            goto error;
        }
        PyList_SET_ITEM(out, i, item);
    }
    Py_DECREF(seq);
    Py_DECREF(empty);
    return Py_BuildValue("(Nn)", out, pending);
error:
    Py_DECREF(seq);
    Py_XDECREF(out);
    Py_XDECREF(empty);
    return NULL;
}

PyDoc_STRVAR(expansion_doc,
"expansion(raw, macros, budget) -> None | (text, size, undefined, large)\n\n"
"Expand a raw value as reader.expansion does: None when it is not a valid\n"
"expression (values.parse), else its text (None when a macro is too large or the\n"
"pieces joined would exceed budget), the characters joined (0 for one piece), the\n"
"undefined macros met (as written, in order; each stands for its name) and the\n"
"macro whose text is None (too large), where expansion stopped, or None.\n"
"`macros` maps names in lower case to their text or None.");

static PyObject *
scan_expansion(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *raw, *macros, *pieces = NULL, *undefined = NULL, *large = NULL, *text = NULL;
    PyObject *result = NULL;
    Py_ssize_t budget, size = 0, k;
    Parts parts;
    Text t;
    int valid;
    (void)module;
    if (arg_count("expansion", 3, nargs) < 0) {
        return NULL;
    }
    raw = args[0];
    macros = args[1];
    if (text_of(raw, &t) < 0) {
        return NULL;
    }
    if (!PyDict_Check(macros)) {
        PyErr_SetString(PyExc_TypeError, "macros must be a dict");
        return NULL;
    }
    if (ssize_arg(args[2], &budget) < 0) {
        return NULL;
    }
    parts.items = parts.few;
    parts.count = 0;
    parts.capacity = FEW_PARTS;
    valid = BY_KIND(&t, value_parts, &parts);
    if (valid <= 0) {
        if (parts.items != parts.few) {
            PyMem_Free(parts.items);
        }
        if (valid < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    pieces = PyList_New(parts.count);
    if (pieces == NULL) {
        goto done;
    }
    for (k = 0; k < parts.count; k++) {
        const Part *part = &parts.items[k];
        PyObject *piece = PyUnicode_Substring(raw, part->start, part->stop);
        PyObject *name, *value;
        if (piece == NULL) {
            goto done;
        }
        if (part->kind == PART_MACRO) {
            name = PyObject_CallMethodNoArgs(piece, str_lower);
            if (name == NULL) {
                Py_DECREF(piece);
                goto done;
            }
            value = PyDict_GetItemWithError(macros, name); /* borrowed */
            Py_DECREF(name);
            if (value == NULL) {
                if (PyErr_Occurred() ||
                    (undefined == NULL && (undefined = PyList_New(0)) == NULL) ||
                    PyList_Append(undefined, piece) < 0) {
                    Py_DECREF(piece);
                    goto done;
                }
            }
            else if (value == Py_None) {
                large = piece; /* expansion stops there */
                size = 0;
                break;
            }
            else {
                Py_INCREF(value);
                Py_SETREF(piece, value);
            }
        }
        size += PyUnicode_GET_LENGTH(piece);
        PyList_SET_ITEM(pieces, k, piece);
    }
    if (large == NULL) {
        if (parts.count == 1) {
            text = PyList_GET_ITEM(pieces, 0);
            Py_INCREF(text);
            size = 0;
        }
        else if (size <= budget) {
            text = PyUnicode_Join(str_empty, pieces);
            if (text == NULL) {
                goto done;
            }
        }
    }
    result = Py_BuildValue("(OnNO)", text == NULL ? Py_None : text, size,
                           undefined == NULL ? PyTuple_New(0) : PyList_AsTuple(undefined),
                           large == NULL ? Py_None : large);
done:
    if (parts.items != parts.few) {
        PyMem_Free(parts.items);
    }
    Py_XDECREF(pieces); /* a list stopped short holds NULLs, which it skips */
    Py_XDECREF(undefined);
    Py_XDECREF(large);
    Py_XDECREF(text);
    return result;
}

PyDoc_STRVAR(untracked_doc,
"untracked(value) -> value\n\n"
"Return value, no longer followed by the cyclic garbage collector. For frozen values\n"
"that can be part of no reference cycle (a field, a record of fields), so that a large\n"
"library costs no collection time (reference counting still frees it).");

static PyObject *
scan_untracked(PyObject *module, PyObject *value)
{
    (void)module;
    untrack(value);
    Py_INCREF(value);
    return value;
}

static PyMethodDef methods[] = {
    {"fields", (PyCFunction)(void (*)(void))scan_fields, METH_FASTCALL, fields_doc},
    {"entry", (PyCFunction)(void (*)(void))scan_entry, METH_FASTCALL, entry_doc},
    {"line_starts", scan_line_starts, METH_O, line_starts_doc},
    {"brace_index", scan_brace_index, METH_O, brace_index_doc},
    {"odd_names", scan_odd_names, METH_O, odd_names_doc},
    {"untracked", scan_untracked, METH_O, untracked_doc},
    {"expansion", (PyCFunction)(void (*)(void))scan_expansion, METH_FASTCALL, expansion_doc},
    {"literal_fields", (PyCFunction)(void (*)(void))scan_literal_fields, METH_FASTCALL,
     literal_fields_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "belharbi_bib.bibtex._scan",
    "The scanner's hot loop in C (optional; see belharbi_bib.bibtex.scanner).",
    0,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    fill_tables();
    str_name = PyUnicode_InternFromString("name");
    str_raw = PyUnicode_InternFromString("raw");
    str_line = PyUnicode_InternFromString("line");
    str_text = PyUnicode_InternFromString("text");
    str_lower = PyUnicode_InternFromString("lower");
    str_empty = PyUnicode_InternFromString("");
    if (!str_name || !str_raw || !str_line || !str_text || !str_lower || !str_empty) {
        return NULL;
    }
    return PyModuleDef_Init(&module);
}
