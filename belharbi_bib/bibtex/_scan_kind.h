/* The scanner's character loops for one string kind (included once per kind by _scan.c, with
 * CHAR_T the code unit type and KIND(name) the function name for it). See _scan.c for the
 * language read. */

static Py_ssize_t
KIND(skip_space)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i)
{
    while (i < n && is_space(p[i])) {
        i++;
    }
    return i;
}

static Py_ssize_t
KIND(name_end)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i)
{
    while (i < n && is_name(p[i])) {
        i++;
    }
    return i;
}

/* Past the '}' closing the '{' at i, or -1 (never closed, or nested deeper than limit: the
 * scanner's grammar stops at MAX_DEPTH, values._close_brace never does). */
static Py_ssize_t
KIND(braced_end)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i, Py_ssize_t limit)
{
    Py_ssize_t depth = 0;
    for (; i < n; i++) {
        CHAR_T c = p[i];
        if (c == '{') {
            if (++depth > limit) {
                return -1;
            }
        }
        else if (c == '}') {
            if (--depth == 0) {
                return i + 1;
            }
        }
    }
    return -1;
}

/* Past the '"' closing the quote at i (outside braces), or -1. */
static Py_ssize_t
KIND(quoted_end)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i)
{
    int depth = 0;
    for (i++; i < n; i++) {
        CHAR_T c = p[i];
        if (c == '{') {
            if (++depth > MAX_DEPTH) {
                return -1;
            }
        }
        else if (c == '}') {
            if (depth-- == 0) {
                return -1;
            }
        }
        else if (c == '"' && depth == 0) {
            return i + 1;
        }
    }
    return -1;
}

static Py_ssize_t
KIND(part_end)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i)
{
    Py_ssize_t end;
    if (i >= n) {
        return -1;
    }
    if (p[i] == '{') {
        return KIND(braced_end)(p, n, i, MAX_DEPTH);
    }
    if (p[i] == '"') {
        return KIND(quoted_end)(p, n, i);
    }
    end = KIND(name_end)(p, n, i);
    return end > i ? end : -1;
}

/* Read one field at i into *f; 0 when it is not one of the language read. */
static int
KIND(read_field)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i, Field *f)
{
    Py_ssize_t j;
    i = KIND(skip_space)(p, n, i);
    f->name_start = i;
    i = KIND(name_end)(p, n, i);
    if (i == f->name_start) {
        return 0;
    }
    f->name_stop = i;
    i = KIND(skip_space)(p, n, i);
    if (i >= n || p[i] != '=') {
        return 0;
    }
    i = KIND(skip_space)(p, n, i + 1);
    f->raw_start = i;
    i = KIND(part_end)(p, n, i);
    if (i < 0) {
        return 0;
    }
    f->literal = p[f->raw_start] == '{' || p[f->raw_start] == '"';
    for (;;) {
        j = KIND(skip_space)(p, n, i);
        if (j >= n || p[j] != '#') {
            break;
        }
        i = KIND(part_end)(p, n, KIND(skip_space)(p, n, j + 1));
        if (i < 0) {
            return 0;
        }
        f->literal = 0;
    }
    f->raw_stop = i;
    if (j >= n) {
        return 0;
    }
    if (p[j] == ',') {
        i = KIND(skip_space)(p, n, j + 1);
        if (i < n && (p[i] == '}' || p[i] == ')')) {
            f->term = p[i];
            f->end = i + 1;
        }
        else {
            f->term = 0;
            f->end = j + 1;
        }
        return 1;
    }
    if (p[j] == '}' || p[j] == ')') {
        f->term = p[j];
        f->end = j + 1;
        return 1;
    }
    return 0;
}

/* Line starts in (from, to]: after each "\n" and each "\r" not followed by "\n". */
static Py_ssize_t
KIND(count_lines)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t from, Py_ssize_t to)
{
    Py_ssize_t lines = 0, i;
    for (i = from; i < to; i++) {
        if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n'))) {
            lines++;
        }
    }
    return lines;
}

/* Read the head of an entry at `at` ('@'): 0 when it is not `@ type { key ,` (type not a
 * command), else 1 with the pieces' bounds, the opener and where the fields start. */
static int
KIND(read_head)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t at, Head *h)
{
    Py_ssize_t i;
    if (at >= n || p[at] != '@') {
        return 0;
    }
    h->type_start = KIND(skip_space)(p, n, at + 1);
    h->type_stop = KIND(name_end)(p, n, h->type_start);
    if (h->type_stop == h->type_start) {
        return 0;
    }
    i = KIND(skip_space)(p, n, h->type_stop);
    if (i >= n || (p[i] != '{' && p[i] != '(')) {
        return 0;
    }
    h->opener = p[i];
    h->key_start = KIND(skip_space)(p, n, i + 1);
    i = h->key_start;
    while (i < n && is_key(p[i], h->opener)) {
        i++;
    }
    h->key_stop = i;
    i = KIND(skip_space)(p, n, i);
    if (i >= n || p[i] != ',') {
        return 0;
    }
    h->fields = i + 1;
    return 1;
}

/* Is [start, stop) possibly a command (comment, preamble, string in any case)? Names of
 * those lengths with characters outside ASCII count too (Python's lower() decides them). */
static int
KIND(maybe_command)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t start, Py_ssize_t stop)
{
    static const char *const commands[] = {"comment", "preamble", "string"};
    Py_ssize_t length = stop - start, i;
    size_t k;
    (void)n;
    if (length < 6 || length > 8) {
        return 0;
    }
    for (i = start; i < stop; i++) {
        if (p[i] > 127) {
            return 1;
        }
    }
    for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
        const char *word = commands[k];
        if ((Py_ssize_t)strlen(word) != length) {
            continue;
        }
        for (i = 0; i < length; i++) {
            Py_UCS4 c = p[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != (Py_UCS4)(unsigned char)word[i]) {
                break;
            }
        }
        if (i == length) {
            return 1;
        }
    }
    return 0;
}

/* Append where each line starts after the first to `out` (see count_lines); -1 on error. */
static int
KIND(append_starts)(const CHAR_T *p, Py_ssize_t n, PyObject *out)
{
    Py_ssize_t i;
    for (i = 0; i < n; i++) {
        if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n'))) {
            PyObject *start = PyLong_FromSsize_t(i + 1);
            if (start == NULL || PyList_Append(out, start) < 0) {
                Py_XDECREF(start);
                return -1;
            }
            Py_DECREF(start);
        }
    }
    return 0;
}

/* Count the braces of the text, then fill positions[k] and depths[k] (the depth after brace
 * k) when they are not NULL. */
static Py_ssize_t
KIND(braces)(const CHAR_T *p, Py_ssize_t n, long long *positions, long long *depths)
{
    Py_ssize_t i, k = 0;
    long long depth = 0;
    for (i = 0; i < n; i++) {
        if (p[i] == '{' || p[i] == '}') {
            if (positions != NULL) {
                depth += p[i] == '{' ? 1 : -1;
                positions[k] = i;
                depths[k] = depth;
            }
            k++;
        }
    }
    return k;
}

/* Is "and" (any case) at i, with white space after it? */
static int
KIND(and_at)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i)
{
    return i + 3 < n && (p[i] | 0x20) == 'a' && (p[i + 1] | 0x20) == 'n' &&
           (p[i + 2] | 0x20) == 'd' && is_space(p[i + 3]);
}

/* reader._THREE_COMMAS: three commas with no white space, "and", white space between them. */
static int
KIND(three_commas)(const CHAR_T *p, Py_ssize_t n)
{
    Py_ssize_t i;
    int commas = 0, clear = 1, previous_clear = 0;
    for (i = 0; i < n; i++) {
        if (p[i] == ',') {
            if (commas >= 2 && clear && previous_clear) {
                return 1;
            }
            if (commas >= 1) {
                previous_clear = clear;
            }
            commas++;
            clear = 1;
        }
        else if (commas && clear && is_space(p[i]) && KIND(and_at)(p, n, i + 1)) {
            clear = 0;
        }
    }
    return 0;
}

/* reader._ODD_NAMES: white space, "and", then white space, "and" and white space (an empty
 * name), or optional white space and a comma. */
static int
KIND(odd_names)(const CHAR_T *p, Py_ssize_t n)
{
    Py_ssize_t i, k, m;
    for (i = 0; i + 3 < n; i++) {
        if (!is_space(p[i]) || (p[i + 1] | 0x20) != 'a' || (p[i + 2] | 0x20) != 'n' ||
            (p[i + 3] | 0x20) != 'd') {
            continue;
        }
        k = i + 4;
        m = k;
        while (m < n && is_space(p[m])) {
            m++;
        }
        if (m < n && p[m] == ',') {
            return 1;
        }
        if (m > k && KIND(and_at)(p, n, m)) {
            return 1;
        }
    }
    return 0;
}

/* values._close_quote: past the '"' closing the quote at i (at brace depth 0), or -1. */
static Py_ssize_t
KIND(value_quote_end)(const CHAR_T *p, Py_ssize_t n, Py_ssize_t i)
{
    Py_ssize_t depth = 0;
    for (i++; i < n; i++) {
        if (p[i] == '{') {
            depth++;
        }
        else if (p[i] == '}') {
            depth--;
        }
        else if (p[i] == '"' && depth == 0) {
            return i + 1;
        }
    }
    return -1;
}

/* values.parse: split p[0:n] into its parts, appending them to *parts; 0 when it is not a
 * valid expression, -1 on a memory error, else 1. */
static int
KIND(value_parts)(const CHAR_T *p, Py_ssize_t n, Parts *parts)
{
    Py_ssize_t i = 0, end;
    Part part;
    while (n > 0 && is_space(p[n - 1])) { /* raw.strip() */
        n--;
    }
    for (;;) {
        i = KIND(skip_space)(p, n, i);
        if (i >= n) {
            return 0;
        }
        if (p[i] == '{' || p[i] == '"') {
            end = p[i] == '{' ? KIND(braced_end)(p, n, i, PY_SSIZE_T_MAX)
                              : KIND(value_quote_end)(p, n, i);
            if (end < 0) {
                return 0;
            }
            part.kind = PART_TEXT;
            part.start = i + 1;
            part.stop = end - 1;
        }
        else if (p[i] >= '0' && p[i] <= '9') {
            for (end = i + 1; end < n && p[end] >= '0' && p[end] <= '9'; end++) {
            }
            part.kind = PART_NUMBER;
            part.start = i;
            part.stop = end;
        }
        else if (is_macro(p[i])) {
            for (end = i + 1; end < n && is_macro(p[end]); end++) {
            }
            part.kind = PART_MACRO;
            part.start = i;
            part.stop = end;
        }
        else {
            return 0;
        }
        if (parts_add(parts, &part) < 0) {
            return -1;
        }
        i = KIND(skip_space)(p, n, end);
        if (i >= n) {
            return 1;
        }
        if (p[i] != '#') {
            return 0;
        }
        i++;
    }
}
