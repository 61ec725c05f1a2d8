/* arenascope-record: runs a script as `python SCRIPT ARGS...` would, inside an
 * embedded CPython whose pymalloc calls are written as a trace (docs/trace-format.md).
 * Plain C in one file: CMake builds it against the build's Python, and
 * arenascope-cli record --python compiles it on demand against another one. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if PY_VERSION_HEX < 0x03060000
#error "the recorder needs CPython 3.6 or later"
#endif

/* Public in 3.6-3.10, internal from 3.11; declared under our own name so the
 * headers of every version agree with it. The result is not used. */
extern void arenascope_debug_malloc_stats(FILE* out) __asm__("_PyObject_DebugMallocStats");

/* ---- output: one buffer, written with write(2) when full ---------------- */

enum { kBufSize = 1 << 20, kLineMax = 4200 };
static char out_buf[kBufSize + kLineMax];
static size_t out_len;
static int out_fd = -1;
static const char* out_name = "the trace";
static int out_errno;

static void flush_out(void) {
    size_t done = 0;
    while (done < out_len && !out_errno) {
        ssize_t n = write(out_fd, out_buf + done, out_len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            out_errno = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    out_len = 0;
}

/* Every line is shorter than kLineMax, so one check a line is enough. */
static inline void line_begin(void) {
    if (out_len >= kBufSize)
        flush_out();
}
static inline void put_char(char c) { out_buf[out_len++] = c; }
static inline void put_str(const char* s) {
    size_t n = strlen(s);
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}
static inline void put_dec(uint64_t v) {
    char t[20];
    int n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        put_char(t[--n]);
}
static inline void put_hex(uint64_t v) {
    static const char digits[] = "0123456789abcdef";
    char t[16];
    int n = 0;
    do {
        t[n++] = digits[v & 15];
        v >>= 4;
    } while (v);
    put_char('0');
    put_char('x');
    while (n)
        put_char(t[--n]);
}
static inline void put_ptr(const void* p) { put_hex((uint64_t)(uintptr_t)p); }

/* ---- source lines: kept up to date by a C trace function ---------------- */

static int source_lines;       /* --source-lines */
static int steps;              /* --steps: the program's state at each line */
static PyThreadState* traced;  /* the thread whose lines are known */
static uint32_t loc_file, loc_line;          /* where that thread is now */
static uint32_t said_file, said_line;        /* the last "at" line written */
typedef struct { uint32_t file, line; } Loc;
static Loc* loc_stack;                       /* callers' locations (libc memory) */
static size_t loc_depth, loc_cap;

static PyThreadState* current_tstate(void) {
#if PY_VERSION_HEX >= 0x030D0000
    return PyThreadState_GetUnchecked();
#else
    return _PyThreadState_UncheckedGet();
#endif
}

/* Before an event: an "at" line if its location differs from the last one. */
static inline void say_location(void) {
    uint32_t f = 0, l = 0;
    if (current_tstate() == traced) {
        f = loc_file;
        l = loc_line;
    }
    if (f == said_file && l == said_line)
        return;
    said_file = f;
    said_line = l;
    put_str("at ");
    put_dec(f);
    put_char(' ');
    put_dec(l);
    put_char('\n');
    line_begin();
}

/* ---- the allocator hooks ------------------------------------------------- */

static int recording;

/* While a step is taken (in_step), every mem/obj request is served by the C
 * library and left out of the trace, and so are the later frees of those
 * blocks, wherever they happen: the heap in the trace is the program's own.
 * The blocks are known by address, in an open-addressing set (libc memory). */
static int in_step;
static uintptr_t* own_set;
static size_t own_cap, own_used;
#define OWN_TOMB ((uintptr_t)1)

static size_t own_slot(uintptr_t p, size_t cap) { return (size_t)((p >> 4) * 0x9E3779B97F4A7C15ull) & (cap - 1); }

static void own_grow(void) {
    size_t cap = own_cap ? own_cap * 2 : 1024;
    uintptr_t* t = (uintptr_t*)calloc(cap, sizeof(uintptr_t));
    if (!t)
        abort(); /* the set cannot lose a block: its free would reach pymalloc */
    for (size_t i = 0; i < own_cap; ++i)
        if (own_set[i] > OWN_TOMB) {
            size_t j = own_slot(own_set[i], cap);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = own_set[i];
        }
    free(own_set);
    own_set = t;
    own_cap = cap;
}

static void own_add(void* p) {
    if (!p)
        return;
    if ((own_used + 1) * 2 >= own_cap)
        own_grow();
    size_t j = own_slot((uintptr_t)p, own_cap);
    while (own_set[j] > OWN_TOMB)
        j = (j + 1) & (own_cap - 1);
    own_set[j] = (uintptr_t)p;
    ++own_used;
}

/* Removes p if the set holds it; 1 if it did. */
static int own_take(void* p) {
    if (!own_used || !p)
        return 0;
    size_t j = own_slot((uintptr_t)p, own_cap);
    while (own_set[j]) {
        if (own_set[j] == (uintptr_t)p) {
            own_set[j] = OWN_TOMB;
            --own_used;
            return 1;
        }
        j = (j + 1) & (own_cap - 1);
    }
    return 0;
}
typedef struct {
    PyMemAllocatorEx orig;
    const char* name; /* "mem " or "obj " */
} Domain;
static Domain dom_mem = {{0}, "mem "}, dom_obj = {{0}, "obj "};
static PyObjectArenaAllocator orig_arena;

static inline void event_begin(const char* op, const Domain* d) {
    line_begin();
    if (source_lines)
        say_location();
    put_str(op);
    if (d)
        put_str(d->name);
}

static void* hook_malloc(void* ctx, size_t size) {
    Domain* d = (Domain*)ctx;
    if (in_step) {
        void* q = malloc(size ? size : 1);
        own_add(q);
        return q;
    }
    void* p = d->orig.malloc(d->orig.ctx, size);
    if (recording) {
        event_begin("malloc ", d);
        put_dec(size);
        put_char(' ');
        put_ptr(p);
        put_char('\n');
    }
    return p;
}

static void* hook_calloc(void* ctx, size_t nelem, size_t elsize) {
    Domain* d = (Domain*)ctx;
    if (in_step) {
        void* q = calloc(nelem ? nelem : 1, elsize ? elsize : 1);
        own_add(q);
        return q;
    }
    void* p = d->orig.calloc(d->orig.ctx, nelem, elsize);
    if (recording) {
        event_begin("calloc ", d);
        put_dec(nelem);
        put_char(' ');
        put_dec(elsize);
        put_char(' ');
        put_ptr(p);
        put_char('\n');
    }
    return p;
}

/* Written when the call returns: an arena it mapped or unmapped meanwhile
 * comes first, as the format's ordering rule says. */
static void write_realloc(const Domain* d, void* old, size_t size, void* p) {
    event_begin("realloc ", d);
    put_ptr(old);
    put_char(' ');
    put_dec(size);
    put_char(' ');
    put_ptr(p);
    put_char('\n');
}

static void write_free(const Domain* d, void* p) {
    event_begin("free ", d);
    put_ptr(p);
    put_char('\n');
}

static void write_arena(const char* op, void* p, size_t size) {
    event_begin(op, NULL);
    put_ptr(p);
    put_char(' ');
    put_dec(size);
    put_char('\n');
}

/* A step's record is one run of lines, but taking it may still touch the
 * program's own blocks (a cache the interpreter drops when asked for a
 * size): those calls are kept here, in order, and written after the record. */
typedef struct {
    char kind; /* 'r' realloc, 'f' free, 'a' arena_alloc, 'x' arena_free */
    const Domain* d;
    void *a, *b;
    size_t n;
} Deferred;
static Deferred* deferred;
static size_t deferred_len, deferred_cap;

static void defer(char kind, const Domain* d, void* a, void* b, size_t n) {
    if (deferred_len == deferred_cap) {
        size_t cap = deferred_cap ? deferred_cap * 2 : 64;
        Deferred* t = (Deferred*)realloc(deferred, cap * sizeof(Deferred));
        if (!t)
            abort(); /* a lost call would make the trace wrong */
        deferred = t;
        deferred_cap = cap;
    }
    deferred[deferred_len++] = (Deferred){kind, d, a, b, n};
}

static void write_deferred(void) {
    for (size_t i = 0; i < deferred_len; ++i) {
        const Deferred* e = &deferred[i];
        switch (e->kind) {
        case 'r': write_realloc(e->d, e->a, e->n, e->b); break;
        case 'f': write_free(e->d, e->a); break;
        case 'a': write_arena("arena_alloc ", e->a, e->n); break;
        default: write_arena("arena_free ", e->a, e->n); break;
        }
    }
    deferred_len = 0;
}

static void* hook_realloc(void* ctx, void* old, size_t size) {
    Domain* d = (Domain*)ctx;
    if (own_take(old) || (in_step && !old)) {
        void* q = realloc(old, size ? size : 1);
        own_add(q ? q : old);
        return q;
    }
    void* p = d->orig.realloc(d->orig.ctx, old, size);
    if (recording && in_step)
        defer('r', d, old, p, size);
    else if (recording)
        write_realloc(d, old, size, p);
    return p;
}

static int graph_open;              /* a collection with its graph is running */
static void graph_freed(void* block); /* a block freed while it runs */

/* Written before the call, so the arena_free it may cause comes after it. */
static void hook_free(void* ctx, void* p) {
    Domain* d = (Domain*)ctx;
    if (own_take(p)) {
        free(p);
        return;
    }
    if (graph_open && p)
        graph_freed(p);
    if (recording && in_step)
        defer('f', d, p, NULL, 0);
    else if (recording)
        write_free(d, p);
    d->orig.free(d->orig.ctx, p);
}

static void* hook_arena_alloc(void* ctx, size_t size) {
    (void)ctx;
    void* p = orig_arena.alloc(orig_arena.ctx, size);
    if (recording && p && in_step)
        defer('a', NULL, p, NULL, size);
    else if (recording && p)
        write_arena("arena_alloc ", p, size);
    return p;
}

static void hook_arena_free(void* ctx, void* p, size_t size) {
    (void)ctx;
    if (recording && in_step)
        defer('x', NULL, p, NULL, size);
    else if (recording)
        write_arena("arena_free ", p, size);
    orig_arena.free(orig_arena.ctx, p, size);
}

static void install_hooks(void) {
    static PyMemAllocatorEx mem, obj;
    static PyObjectArenaAllocator arena;
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &dom_mem.orig);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &dom_obj.orig);
    PyObject_GetArenaAllocator(&orig_arena);
    mem = (PyMemAllocatorEx){&dom_mem, hook_malloc, hook_calloc, hook_realloc, hook_free};
    obj = (PyMemAllocatorEx){&dom_obj, hook_malloc, hook_calloc, hook_realloc, hook_free};
    arena = (PyObjectArenaAllocator){NULL, hook_arena_alloc, hook_arena_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mem);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &obj);
    PyObject_SetArenaAllocator(&arena);
}

static void write_header(void) {
    put_str("pymalloc-trace 1\n# python ");
    /* Py_GetVersion() allocates nothing; older versions put a newline before
     * the compiler, which a one-line comment cannot hold. */
    for (const char* v = Py_GetVersion(); *v && out_len < 1024; ++v)
        put_char(*v == '\n' || *v == '\r' ? ' ' : *v);
    put_str("\n# recorder arenascope-record: gc runs");
    put_str(steps ? ", source lines, steps\n" : source_lines ? ", source lines\n" : "\n");
}

/* ---- file names for "at" lines -------------------------------------------- */

/* co_filename objects seen (a reference is kept, so the address stays theirs)
 * and the file id each maps to; ids are shared by equal names. */
typedef struct { PyObject* key; uint32_t id; } FileSlot;
static FileSlot* file_slots;
static size_t file_cap, file_used;
static char** file_names; /* by id - 1 */
static uint32_t file_count;

static uint32_t name_id(const char* name, size_t n) {
    for (uint32_t i = 0; i < file_count; ++i)
        if (strlen(file_names[i]) == n && memcmp(file_names[i], name, n) == 0)
            return i + 1;
    char** grown = (char**)realloc(file_names, (file_count + 1) * sizeof(char*));
    char* copy = (char*)malloc(n + 1);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            file_names = grown;
        return 0;
    }
    file_names = grown;
    memcpy(copy, name, n);
    copy[n] = 0;
    file_names[file_count++] = copy;
    line_begin();
    put_str("file ");
    put_dec(file_count);
    put_char(' ');
    for (size_t i = 0; i < n && i < 4000; ++i)
        put_char(name[i] == '\n' || name[i] == '\r' ? '?' : name[i]);
    put_char('\n');
    return file_count;
}

static uint32_t file_id(PyObject* filename) {
    if (file_used * 2 >= file_cap) {
        size_t cap = file_cap ? file_cap * 2 : 256;
        FileSlot* slots = (FileSlot*)calloc(cap, sizeof(FileSlot));
        if (!slots)
            return 0;
        for (size_t i = 0; i < file_cap; ++i)
            if (file_slots[i].key) {
                size_t j = ((uintptr_t)file_slots[i].key >> 4) & (cap - 1);
                while (slots[j].key)
                    j = (j + 1) & (cap - 1);
                slots[j] = file_slots[i];
            }
        free(file_slots);
        file_slots = slots;
        file_cap = cap;
    }
    size_t j = ((uintptr_t)filename >> 4) & (file_cap - 1);
    while (file_slots[j].key) {
        if (file_slots[j].key == filename)
            return file_slots[j].id;
        j = (j + 1) & (file_cap - 1);
    }
    Py_ssize_t n = 0;
    const char* utf8 = PyUnicode_Check(filename) ? PyUnicode_AsUTF8AndSize(filename, &n) : NULL;
    if (!utf8) {
        PyErr_Clear();
        utf8 = "?";
        n = 1;
    }
    Py_INCREF(filename);
    file_slots[j].key = filename;
    file_slots[j].id = name_id(utf8, (size_t)n);
    ++file_used;
    return file_slots[j].id;
}

static uint32_t frame_file(PyFrameObject* frame) {
#if PY_VERSION_HEX >= 0x03090000
    PyCodeObject* code = PyFrame_GetCode(frame);
    uint32_t id = file_id(code->co_filename);
    Py_DECREF(code);
    return id;
#else
    return file_id(frame->f_code->co_filename);
#endif
}

static void step_at_line(PyFrameObject* frame);

/* Calls push the caller's location and returns pop it, so a line in a
 * caller is known again the moment the callee returns. */
static int trace_lines(PyObject* obj, PyFrameObject* frame, int what, PyObject* arg) {
    (void)obj;
    (void)arg;
    switch (what) {
    case PyTrace_CALL: {
        if (loc_depth == loc_cap) {
            size_t cap = loc_cap ? loc_cap * 2 : 1024;
            Loc* grown = (Loc*)realloc(loc_stack, cap * sizeof(Loc));
            if (!grown)
                return 0;
            loc_stack = grown;
            loc_cap = cap;
        }
        loc_stack[loc_depth].file = loc_file;
        loc_stack[loc_depth].line = loc_line;
        ++loc_depth;
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        loc_file = frame_file(frame);
        PyErr_Restore(type, value, tb);
        loc_line = (uint32_t)PyFrame_GetLineNumber(frame);
        break;
    }
    case PyTrace_LINE:
        loc_line = (uint32_t)PyFrame_GetLineNumber(frame);
        if (steps && !in_step)
            step_at_line(frame);
        break;
    case PyTrace_RETURN:
        if (loc_depth) {
            --loc_depth;
            loc_file = loc_stack[loc_depth].file;
            loc_line = loc_stack[loc_depth].line;
        } else {
            loc_file = loc_line = 0;
        }
        break;
    default:
        break;
    }
    return 0;
}

/* ---- steps: the program's state at each line of the user's own files ---- */

static long max_steps = 20000;    /* --max-steps */
static long max_objects = 300;    /* objects written a step, at most */
static long steps_taken;
static char* user_dir;            /* the script's folder, with a final '/' */
static unsigned char* user_file;  /* by file id: 1 user, 2 not, 0 unknown */
static size_t user_file_cap;
static PyObject *getsizeof_fn, *sizeof_name, *gc_isenabled_fn, *gc_disable_fn, *gc_enable_fn;

/* A value or label, escaped so that it stays on one line (docs/trace-format.md). */
static void put_escaped(const char* s, size_t n, size_t max) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n && i < max; ++i) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            put_str("\\\\");
        } else if (c == '\n') {
            put_str("\\n");
        } else if (c == '\r') {
            put_str("\\r");
        } else if (c == '\t') {
            put_str("\\t");
        } else if (c < 0x20 || c == 0x7f) {
            put_str("\\x");
            put_char(hex[c >> 4]);
            put_char(hex[c & 15]);
        } else {
            put_char((char)c);
        }
    }
}

static int is_user_file(uint32_t id, PyObject* filename) {
    if (id == 0)
        return 0;
    if (id >= user_file_cap) {
        size_t cap = (id + 1) * 2;
        unsigned char* t = (unsigned char*)realloc(user_file, cap);
        if (!t)
            return 0;
        memset(t + user_file_cap, 0, cap - user_file_cap);
        user_file = t;
        user_file_cap = cap;
    }
    if (!user_file[id]) {
        const char* name = PyUnicode_Check(filename) ? PyUnicode_AsUTF8(filename) : NULL;
        char* real = name ? realpath(name, NULL) : NULL;
        if (!name)
            PyErr_Clear();
        size_t n = real ? strlen(real) : 0;
        int user = real && user_dir && strncmp(real, user_dir, strlen(user_dir)) == 0 && n > 3 &&
                   strcmp(real + n - 3, ".py") == 0 && !strchr(real + strlen(user_dir), '/');
        free(real);
        user_file[id] = user ? 1 : 2;
    }
    return user_file[id] == 1;
}

static PyCodeObject* frame_code(PyFrameObject* f) {
#if PY_VERSION_HEX >= 0x03090000
    return PyFrame_GetCode(f); /* new reference */
#else
    Py_INCREF(f->f_code);
    return f->f_code;
#endif
}

static PyFrameObject* frame_back(PyFrameObject* f) {
#if PY_VERSION_HEX >= 0x03090000
    return PyFrame_GetBack(f); /* new reference */
#else
    Py_XINCREF(f->f_back);
    return f->f_back;
#endif
}

/* The objects of a step: found from the names, breadth first, each once. */
typedef struct {
    PyObject* obj;
    int depth;
    int held; /* references the recorder holds on it */
} Seen;
static Seen* seen;
static size_t seen_len, seen_cap;
static size_t* seen_index; /* open addressing over seen, by address */
static size_t index_cap;
static size_t cut_count;

static void seen_reset(void) {
    for (size_t i = 0; i < seen_len; ++i)
        for (int k = 0; k < seen[i].held; ++k)
            Py_DECREF(seen[i].obj);
    seen_len = 0;
    cut_count = 0;
    if (index_cap)
        memset(seen_index, 0xff, index_cap * sizeof(size_t));
}

static long seen_find(PyObject* o) {
    if (!index_cap)
        return -1;
    size_t j = own_slot((uintptr_t)o, index_cap);
    while (seen_index[j] != (size_t)-1) {
        if (seen[seen_index[j]].obj == o)
            return (long)seen_index[j];
        j = (j + 1) & (index_cap - 1);
    }
    return -1;
}

/* Adds o (a borrowed reference; `owned`: the caller gives its reference). */
static void seen_add(PyObject* o, int depth, int owned) {
    long at = seen_find(o);
    if (at >= 0 || (long)seen_len >= max_objects) {
        if (at < 0)
            ++cut_count;
        if (owned) {
            if (at >= 0)
                ++seen[at].held;
            else
                Py_DECREF(o);
        }
        return;
    }
    if (seen_len == seen_cap) {
        size_t cap = seen_cap ? seen_cap * 2 : 256;
        Seen* t = (Seen*)realloc(seen, cap * sizeof(Seen));
        if (!t)
            return;
        seen = t;
        seen_cap = cap;
    }
    if ((seen_len + 1) * 2 >= index_cap) {
        size_t cap = index_cap ? index_cap * 2 : 1024;
        size_t* t = (size_t*)malloc(cap * sizeof(size_t));
        if (!t)
            return;
        memset(t, 0xff, cap * sizeof(size_t));
        free(seen_index);
        seen_index = t;
        index_cap = cap;
        for (size_t i = 0; i < seen_len; ++i) {
            size_t j = own_slot((uintptr_t)seen[i].obj, cap);
            while (seen_index[j] != (size_t)-1)
                j = (j + 1) & (cap - 1);
            seen_index[j] = i;
        }
    }
    size_t j = own_slot((uintptr_t)o, index_cap);
    while (seen_index[j] != (size_t)-1)
        j = (j + 1) & (index_cap - 1);
    seen_index[j] = seen_len;
    seen[seen_len].obj = o;
    seen[seen_len].depth = depth;
    seen[seen_len].held = owned ? 1 : 0;
    ++seen_len;
}

/* Objects shown as leaves: their insides are the interpreter's, not the lesson's. */
static int is_leaf(PyObject* o) {
    return PyModule_Check(o) || PyType_Check(o) || PyFunction_Check(o) || PyCFunction_Check(o) ||
           PyCode_Check(o) || PyMethod_Check(o);
}

static void put_name_line(long frame, PyObject* name, PyObject* value) {
    Py_ssize_t n = 0;
    const char* u = PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &n) : NULL;
    if (!u)
        PyErr_Clear();
    line_begin();
    put_str("name ");
    put_dec((uint64_t)frame);
    put_char(' ');
    if (u)
        put_escaped(u, (size_t)n, 200);
    else
        put_char('?');
    put_char(' ');
    put_ptr(value);
    put_char('\n');
}

/* A frame's names: the module's globals (less dunder names) for frame 0,
 * the function's locals (arguments, variables, cells) for the others. */
static void frame_names(long index, PyFrameObject* f, PyCodeObject* code) {
    if (index == 0) {
#if PY_VERSION_HEX >= 0x030B0000
        PyObject* globals = PyFrame_GetGlobals(f);
#else
        PyObject* globals = f->f_globals;
        Py_XINCREF(globals);
#endif
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (globals && PyDict_Next(globals, &pos, &k, &v)) {
            if (!PyUnicode_Check(k))
                continue;
            Py_ssize_t n = PyUnicode_GET_LENGTH(k);
            if (n > 4 && PyUnicode_READ_CHAR(k, 0) == '_' && PyUnicode_READ_CHAR(k, 1) == '_' &&
                PyUnicode_READ_CHAR(k, n - 1) == '_' && PyUnicode_READ_CHAR(k, n - 2) == '_')
                continue;
            put_name_line(index, k, v);
            seen_add(v, 0, 0);
        }
        Py_XDECREF(globals);
        return;
    }
#if PY_VERSION_HEX >= 0x030C0000
    /* co_localsplusnames: every local, cell and free variable, borrowed
     * (PyCode_GetVarnames would make a new tuple each time). */
    PyObject* names = code->co_localsplusnames;
    for (Py_ssize_t i = 0; names && i < PyTuple_GET_SIZE(names); ++i) {
        PyObject* name = PyTuple_GET_ITEM(names, i);
        PyObject* v = PyFrame_GetVar(f, name);
        if (!v) {
            PyErr_Clear(); /* not bound yet */
            continue;
        }
        put_name_line(index, name, v);
        seen_add(v, 0, 1);
    }
#elif PY_VERSION_HEX >= 0x030B0000
    /* 3.11 has no public way to read one local, and PyFrame_GetLocals would
     * give the frame an f_locals dict (one more reference to every value).
     * The values are read where the interpreter keeps them: the frame
     * object's f_frame points to its _PyInterpreterFrame
     * (Include/internal/pycore_frame.h, 3.11), whose localsplus array
     * follows eight pointers, an int, a bool and a char. Checked against
     * the frame's code before it is trusted; otherwise f_locals after all. */
    typedef struct {
        PyObject_HEAD
        PyFrameObject* f_back;
        void* f_frame;
    } FrameHead311;
    typedef struct {
        PyObject *f_func, *f_globals, *f_builtins, *f_locals;
        PyCodeObject* f_code;
        PyObject *frame_obj, *previous;
        void* prev_instr;
        int stacktop;
        char is_entry, owner;
        PyObject* localsplus[1];
    } InterpreterFrame311;
    const InterpreterFrame311* iframe = (const InterpreterFrame311*)((FrameHead311*)f)->f_frame;
    PyObject* names = code->co_localsplusnames;
    if (iframe && iframe->f_code == code && names && PyTuple_Check(names)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names) && i < iframe->stacktop; ++i) {
            PyObject* v = iframe->localsplus[i];
            if (v && PyCell_Check(v)) /* a cell or free variable once MAKE_CELL ran */
                v = PyCell_GET(v);
            if (!v)
                continue;
            put_name_line(index, PyTuple_GET_ITEM(names, i), v);
            seen_add(v, 0, 0);
        }
        return;
    }
    PyObject* locals = PyFrame_GetLocals(f);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (locals && PyDict_Check(locals) && PyDict_Next(locals, &pos, &k, &v)) {
        put_name_line(index, k, v);
        seen_add(v, 0, 0);
    }
    if (!locals)
        PyErr_Clear();
    Py_XDECREF(locals);
#else
    /* 3.8-3.10: f_localsplus holds the variables, then cells and free cells. */
    PyObject* groups[3] = {code->co_varnames, code->co_cellvars, code->co_freevars};
    Py_ssize_t at = 0;
    for (int g = 0; g < 3; ++g) {
        for (Py_ssize_t i = 0; groups[g] && i < PyTuple_GET_SIZE(groups[g]); ++i, ++at) {
            if (g == 0 && i >= code->co_nlocals)
                break;
            PyObject* v = f->f_localsplus[at];
            if (v && g > 0 && PyCell_Check(v))
                v = PyCell_GET(v);
            if (!v)
                continue;
            put_name_line(index, PyTuple_GET_ITEM(groups[g], i), v);
            seen_add(v, 0, 0);
        }
        if (g == 0)
            at = code->co_nlocals;
    }
#endif
}

/* ---- one object: its line and its references ---- */

/* The collector's generation of an object, read from its own lists without
 * allocating (gc.get_objects would make lists that the list free list then
 * hands to the program). PyGC_Head is two words before every GC object;
 * the generations' list heads lie in an array of struct gc_generation
 * {PyGC_Head head; int threshold; int count;} (Include/internal/pycore_gc.h,
 * 3.8-3.13; pycore_interp_structs.h `generations[NUM_GENERATIONS]` in 3.14.5+,
 * checked with 3.14.7, whose incremental fields stay as dummies), whose first
 * head is found once: a list made and tracked at start-up is generation 0's
 * last object, so its next is that head. 3.14.0-3.14.4 (incremental) had
 * young and old[2] in the same place and shape: the heads are found, but
 * "generation 1" and "2" are then the two halves of the old space. */
typedef struct { uintptr_t next, prev; } GcHead;
static const GcHead* gen_heads[2];
/* Open addressing, address -> generation (0 or 1); a slot counts only if
 * its stamp is this step's, so nothing is cleared between steps. */
typedef struct {
    uintptr_t addr;
    long stamp;
    int gen;
} GenMark;
static GenMark* gen_marks;
static size_t gen_cap;
static long gen_stamp;

static GcHead* gc_head(PyObject* o) { return (GcHead*)((char*)o - sizeof(GcHead)); }

static void find_generation_heads(void) {
    PyObject* probe = PyList_New(0);
    if (!probe)
        return;
    gen_heads[0] = (const GcHead*)(gc_head(probe)->next & ~(uintptr_t)3);
    gen_heads[1] = (const GcHead*)((const char*)gen_heads[0] + sizeof(GcHead) + 2 * sizeof(int));
    PyObject_GC_UnTrack(probe); /* kept, untracked: its block is start-up's */
}

static void mark_generations(void) {
    size_t n = 0;
    for (int g = 0; g < 2; ++g)
        for (const GcHead* h = gen_heads[g]; h && (const GcHead*)(h->next & ~(uintptr_t)3) != gen_heads[g] && n < 1000000;
             h = (const GcHead*)(h->next & ~(uintptr_t)3))
            ++n;
    if (gen_cap < 2 * (n + 1)) {
        size_t cap = gen_cap ? gen_cap : 1024;
        while (cap < 2 * (n + 1))
            cap *= 2;
        GenMark* t = (GenMark*)calloc(cap, sizeof(GenMark));
        if (!t)
            return;
        free(gen_marks);
        gen_marks = t;
        gen_cap = cap;
    }
    ++gen_stamp;
    for (int g = 0; g < 2; ++g) {
        size_t k = 0;
        for (const GcHead* h = (const GcHead*)(gen_heads[g] ? gen_heads[g]->next & ~(uintptr_t)3 : 0);
             h && h != gen_heads[g] && k++ < n; h = (const GcHead*)(h->next & ~(uintptr_t)3)) {
            const uintptr_t o = (uintptr_t)(h + 1);
            size_t j = own_slot(o, gen_cap);
            while (gen_marks[j].stamp == gen_stamp)
                j = (j + 1) & (gen_cap - 1);
            gen_marks[j] = (GenMark){o, gen_stamp, g};
        }
    }
}

/* The generations' counts and thresholds, beside their list heads. */
static void write_gc_counts(void) {
    if (!gen_heads[0])
        return;
    int v[6];
    for (int g = 0; g < 3; ++g) {
        const char* gen = (const char*)gen_heads[0] + (size_t)g * (sizeof(GcHead) + 2 * sizeof(int));
        memcpy(&v[3 + g], gen + sizeof(GcHead), sizeof(int));              /* threshold */
        memcpy(&v[g], gen + sizeof(GcHead) + sizeof(int), sizeof(int));   /* count */
    }
    line_begin();
    put_str("gc");
    for (int i = 0; i < 6; ++i) {
        put_char(' ');
        put_dec((uint64_t)(v[i] < 0 ? 0 : v[i]));
    }
    put_char('\n');
}

static int generation_of(PyObject* o) {
#if PY_VERSION_HEX >= 0x03090000
    if (!PyObject_IS_GC(o) || !PyObject_GC_IsTracked(o))
        return -1;
#else
    if (!PyObject_IS_GC(o) || !_PyObject_GC_IS_TRACKED(o))
        return -1;
#endif
    if (gen_cap) {
        size_t j = own_slot((uintptr_t)o, gen_cap);
        while (gen_marks[j].stamp == gen_stamp) {
            if (gen_marks[j].addr == (uintptr_t)o)
                return gen_marks[j].gen;
            j = (j + 1) & (gen_cap - 1);
        }
    }
    return 2;
}

/* Where the object's memory block starts: before it lie the collector's
 * header (PyGC_Head) and, for types with a managed dict or weak reference
 * list (3.11+; Objects/object.c, _PyType_PreHeaderSize), two pointers. */
static uint64_t block_of(PyObject* o) {
    PyTypeObject* t = Py_TYPE(o);
    if (PyType_Check(o) && !(((PyTypeObject*)o)->tp_flags & Py_TPFLAGS_HEAPTYPE))
        return 0; /* a static type, in the interpreter's own data */
    uint64_t pre = PyType_IS_GC(t) ? 2 * sizeof(uintptr_t) : 0; /* PyGC_Head, 3.8+ */
#if PY_VERSION_HEX >= 0x030C0000
    if (t->tp_flags & Py_TPFLAGS_PREHEADER)
        pre += 2 * sizeof(PyObject*);
#elif PY_VERSION_HEX >= 0x030B0000
    if (t->tp_flags & Py_TPFLAGS_MANAGED_DICT)
        pre += 2 * sizeof(PyObject*);
#endif
    return (uint64_t)(uintptr_t)o - pre;
}

/* A value or label's text, made before its line is begun: making it can
 * run the allocator, whose hooks write lines of their own (a free of a
 * block the program had cached), and a line must not be cut in two. */
typedef struct {
    PyObject* str;        /* owned */
    const char* utf8;
    Py_ssize_t n;
    int cut;              /* "..." follows */
    char small[32];
} Text;

static void text_none(Text* t) {
    memset(t, 0, sizeof *t);
}

/* repr(o), its first `keep` characters and "..." when longer than `max`. */
static void text_repr(Text* t, PyObject* o, Py_ssize_t max, Py_ssize_t keep) {
    text_none(t);
    PyObject* r = PyObject_Repr(o);
    if (r && PyUnicode_GET_LENGTH(r) > max) {
        PyObject* head = PyUnicode_Substring(r, 0, keep);
        Py_DECREF(r);
        r = head;
        t->cut = 1;
    }
    t->str = r;
    t->utf8 = r ? PyUnicode_AsUTF8AndSize(r, &t->n) : NULL;
    if (!t->utf8)
        PyErr_Clear();
}

static void text_put(const Text* t, size_t max) {
    if (t->utf8)
        put_escaped(t->utf8, (size_t)t->n, max);
    else
        put_str(t->small);
    if (t->cut)
        put_str("...");
}

static void text_free(Text* t) {
    Py_XDECREF(t->str);
    text_none(t);
}

/* The short value of docs/trace-format.md: repr() of numbers and short
 * strings, "len N" of a container, nothing for the rest. */
static void value_text(Text* t, PyObject* o) {
    if (PyLong_CheckExact(o) || PyFloat_CheckExact(o) || PyBool_Check(o) || o == Py_None ||
        PyComplex_CheckExact(o) || PyUnicode_CheckExact(o) || PyBytes_CheckExact(o)) {
        text_repr(t, o, 40, 37);
        return;
    }
    text_none(t);
    if (PyList_Check(o) || PyTuple_Check(o) || PyDict_Check(o) || PyAnySet_Check(o) || PyByteArray_Check(o)) {
        Py_ssize_t n = PyObject_Length(o);
        if (n < 0)
            PyErr_Clear();
        else
            snprintf(t->small, sizeof t->small, "len %zd", n);
    }
}

static void put_ref(PyObject* from, PyObject* to, const char* label, PyObject* key) {
    Text k;
    if (key)
        text_repr(&k, key, 60, 57);
    line_begin();
    put_str("ref ");
    put_ptr(from);
    put_char(' ');
    put_ptr(to);
    put_char(' ');
    if (label)
        put_str(label);
    if (key) {
        text_put(&k, 400);
        put_char(']');
        text_free(&k);
    }
    put_char('\n');
}

static void index_label(char* label, size_t i) {
    char digits[20];
    int n_digits = 0, at = 0;
    do {
        digits[n_digits++] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    label[at++] = '[';
    while (n_digits)
        label[at++] = digits[--n_digits];
    label[at++] = ']';
    label[at] = 0;
}

/* A fingerprint of what an object refers to (the pointers, in order): when
 * it is the one of the last `ref` lines written, those lines stand, and the
 * step saves composing them (a dict's keys' reprs, hundreds of lines a step
 * for a big container). A key is immutable, so its pointer stands for its
 * repr. */
static void fp_mix(uint64_t* h, const void* p) {
    *h = (*h ^ (uint64_t)(uintptr_t)p) * 0x9E3779B97F4A7C15ull;
    *h ^= *h >> 29;
}

typedef struct {
    PyObject* from;
    uint64_t fp;
    int write;
} RefWalk;

static int visit_ref(PyObject* target, void* walk) {
    RefWalk* w = (RefWalk*)walk;
    if (!target)
        return 0;
    if (w->write)
        put_ref(w->from, target, "ref", NULL);
    else {
        fp_mix(&w->fp, target);
        seen_add(target, 0, 0);
    }
    return 0;
}

/* The object's referents, labelled where the type says how. With write 0:
 * each is added to the step's objects and the fingerprint returned; with
 * write 1, the `ref` lines are written. Sets are walked once, writing
 * (their iterator owns what it hands out). */
static uint64_t walk_refs(PyObject* o, int write) {
    RefWalk w = {o, 1469598103934665603ull, write};
    if (PyList_Check(o) || PyTuple_Check(o)) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(o);
        for (Py_ssize_t i = 0; i < n && i < 200; ++i) {
            PyObject* item = PySequence_Fast_GET_ITEM(o, i);
            if (write) {
                char label[24];
                index_label(label, (size_t)i);
                put_ref(o, item, label, NULL);
            } else {
                fp_mix(&w.fp, item);
                seen_add(item, 0, 0);
            }
        }
    } else if (PyDict_Check(o)) {
        Py_ssize_t pos = 0, k = 0;
        PyObject *key, *value;
        while (PyDict_Next(o, &pos, &key, &value) && k++ < 100) {
            if (write) {
                put_ref(o, key, "key ", NULL);
                put_ref(o, value, "[", key);
            } else {
                fp_mix(&w.fp, key);
                fp_mix(&w.fp, value);
                seen_add(key, 0, 0);
                seen_add(value, 0, 0);
            }
        }
    } else if (PyAnySet_Check(o)) {
        PyObject* it = PyObject_GetIter(o);
        PyObject* key;
        for (int k = 0; it && k < 200 && (key = PyIter_Next(it)) != NULL; ++k) {
            put_ref(o, key, "item", NULL);
            seen_add(key, 0, 1);
        }
        Py_XDECREF(it);
        PyErr_Clear();
    } else if (!is_leaf(o) && Py_TYPE(o)->tp_traverse && PyObject_IS_GC(o)) {
        Py_TYPE(o)->tp_traverse(o, visit_ref, &w);
    }
    return w.fp;
}

static long long size_of(PyObject* o) {
#if PY_VERSION_HEX >= 0x03090000
    PyObject* size = getsizeof_fn ? PyObject_CallOneArg(getsizeof_fn, o) : NULL;
    const long long pre = 0;
#else
    /* 3.8's sys.getsizeof binds __sizeof__, and bound C methods have a free
     * list there: call it unbound, and add the collector's header as
     * sys.getsizeof does. */
    PyObject* size = sizeof_name ? PyObject_CallMethodObjArgs(o, sizeof_name, NULL) : NULL;
    const long long pre = PyObject_IS_GC(o) ? (long long)sizeof(GcHead) : 0;
#endif
    long long sz = size ? PyLong_AsLongLong(size) + pre : 0;
    if (!size || sz < 0) {
        PyErr_Clear();
        sz = 0;
    }
    Py_XDECREF(size);
    return sz;
}

static void put_object(size_t index) {
    PyObject* o = seen[index].obj;
    const long long size = size_of(o);
    const int g = generation_of(o);
    const Py_ssize_t refs = Py_REFCNT(o) - seen[index].held;
    Text value;
    value_text(&value, o);
    line_begin();
    put_str("obj ");
    put_ptr(o);
    put_char(' ');
    put_ptr((const void*)(uintptr_t)block_of(o));
    put_char(' ');
    const char* tn = Py_TYPE(o)->tp_name;
    const char* dot = strrchr(tn, '.');
    for (const char* c = dot ? dot + 1 : tn; *c && c - tn < 200; ++c)
        put_char(*c == ' ' ? '_' : *c);
    put_char(' ');
    put_dec((uint64_t)size);
    put_char(' ');
    put_dec((uint64_t)(refs < 0 ? 0 : refs));
    put_char(' ');
    if (g < 0)
        put_char('-');
    else
        put_dec((uint64_t)g);
    put_char(' ');
    text_put(&value, 400);
    put_char('\n');
    text_free(&value);
}

/* What each object's lines said when last written, by address: a step
 * writes an object's `obj` line, and its `ref` lines, only when they differ
 * from the last ones written, and `drop` for the objects that left the
 * picture (docs/trace-format.md, "Steps"). */
typedef struct {
    uintptr_t addr; /* 0 empty, 1 removed */
    uint64_t obj, refs;
    uint64_t refs_fp; /* walk_refs' fingerprint when `refs` was written */
    long stamp;     /* the step that last reached it */
} Written;
static Written* written;
static size_t written_cap, written_used;
static const uint64_t kNoRefs = 0x9e3779b97f4a7c15ull;

/* Eight bytes a round (a line of ref lines runs to kilobytes a step). */
static uint64_t hash_bytes(const char* b, size_t n) {
    uint64_t h = 1469598103934665603ull ^ (uint64_t)n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    for (; i < n; ++i)
        h = (h ^ (unsigned char)b[i]) * 1099511628211ull;
    return h;
}

/* Rebuilt without the removed slots when live and removed ones fill half. */
static size_t written_removed;

static void written_rehash(void) {
    size_t cap = 1024;
    while (cap < 4 * (written_used + 1))
        cap *= 2;
    Written* t = (Written*)calloc(cap, sizeof(Written));
    if (!t)
        abort(); /* the table cannot lose an entry */
    for (size_t i = 0; i < written_cap; ++i)
        if (written[i].addr > 1) {
            size_t j = own_slot(written[i].addr, cap);
            while (t[j].addr)
                j = (j + 1) & (cap - 1);
            t[j] = written[i];
        }
    free(written);
    written = t;
    written_cap = cap;
    written_removed = 0;
}

static Written* written_slot(uintptr_t addr, int add) {
    if (add && (written_used + written_removed + 1) * 2 >= written_cap)
        written_rehash();
    if (!written_cap)
        return NULL;
    size_t j = own_slot(addr, written_cap);
    Written* free_slot = NULL;
    while (written[j].addr) {
        if (written[j].addr == addr)
            return &written[j];
        if (written[j].addr == 1 && !free_slot)
            free_slot = &written[j];
        j = (j + 1) & (written_cap - 1);
    }
    if (!add)
        return NULL;
    Written* w = free_slot ? free_slot : &written[j];
    if (free_slot)
        --written_removed;
    ++written_used;
    w->addr = addr;
    w->obj = 0;
    w->refs = kNoRefs;
    w->refs_fp = 0;
    w->stamp = -1;
    return w;
}

/* Writes object i's lines if they changed, composing them in place and
 * taking them back when they did not (nothing else writes meanwhile: the
 * allocator's calls during a step wait, see defer). */
static void write_object(size_t i) {
    if (out_len > kBufSize - 65536)
        flush_out();
    PyObject* o = seen[i].obj;
    Written* w = written_slot((uintptr_t)o, 1);
    const int known = w && w->stamp >= 0;
    size_t start = out_len;
    put_object(i);
    const uint64_t obj = hash_bytes(out_buf + start, out_len - start);
    if (known && w->obj == obj)
        out_len = start;
    start = out_len;
    uint64_t fp = 0;
    if (seen[i].depth < 4) {
        /* What it refers to joins the step's objects, one level deeper. */
        const size_t before = seen_len;
        const int set = PyAnySet_Check(o);
        if (!set)
            fp = walk_refs(o, 0);
        if (set || !known || w->refs_fp != fp)
            walk_refs(o, 1);
        for (size_t k = before; k < seen_len; ++k)
            seen[k].depth = seen[i].depth + 1;
        if (!set && known && w->refs_fp == fp) {
            w->obj = obj;
            w->stamp = steps_taken;
            return; /* the same references as the lines last written */
        }
    }
    const uint64_t refs = out_len > start ? hash_bytes(out_buf + start, out_len - start) : kNoRefs;
    w = written_slot((uintptr_t)o, 1); /* nothing above adds a slot, but be sure */
    w->refs_fp = fp;
    if (known && w->refs == refs) {
        out_len = start;
    } else if (refs == kNoRefs && known) {
        line_begin();
        put_str("norefs ");
        put_ptr(o);
        put_char('\n');
    }
    w->obj = obj;
    w->refs = refs;
    w->stamp = steps_taken;
}

/* The objects the last step reached and this one did not. */
static void write_drops(void) {
    for (size_t i = 0; i < written_cap; ++i) {
        Written* w = &written[i];
        if (w->addr <= 1 || w->stamp == steps_taken)
            continue;
        line_begin();
        put_str("drop ");
        put_ptr((const void*)w->addr);
        put_char('\n');
        w->addr = 1;
        --written_used;
        ++written_removed;
    }
}

static void pause_gc(int* was) {
#if PY_VERSION_HEX >= 0x030A0000
    *was = PyGC_Disable();
#else
    PyObject* r = gc_isenabled_fn ? PyObject_CallFunctionObjArgs(gc_isenabled_fn, NULL) : NULL;
    *was = r == Py_True;
    Py_XDECREF(r);
    Py_XDECREF(gc_disable_fn ? PyObject_CallFunctionObjArgs(gc_disable_fn, NULL) : NULL);
    PyErr_Clear();
#endif
}

static void resume_gc(int was) {
    if (!was)
        return;
#if PY_VERSION_HEX >= 0x030A0000
    PyGC_Enable();
#else
    Py_XDECREF(gc_enable_fn ? PyObject_CallFunctionObjArgs(gc_enable_fn, NULL) : NULL);
    PyErr_Clear();
#endif
}

static void drain_output(void);
static int host_stderr(void);
static void take_step(PyFrameObject* frame, uint32_t file, uint32_t line);

static void step_at_line(PyFrameObject* frame) {
    PyCodeObject* code = frame_code(frame);
    if (is_user_file(loc_file, code->co_filename))
        take_step(frame, loc_file, loc_line);
    Py_DECREF(code);
}

/* A step: the user's frames, their names and what the names lead to. */
static void take_step(PyFrameObject* frame, uint32_t file, uint32_t line) {
    if (steps_taken >= max_steps) {
        if (steps_taken++ == max_steps) {
            /* In the recording, where its readers say it. On the terminal
             * too, but never into a pipe or file: the program's standard
             * error stays its own (docs/trace-format.md, "Steps"). */
            line_begin();
            put_str("limit steps ");
            put_dec((uint64_t)max_steps);
            put_char('\n');
            if (isatty(host_stderr()))
                dprintf(host_stderr(),
                        "arenascope-record: stopped taking steps after %ld lines (--max-steps); "
                        "the program runs on, its allocations still recorded\n", max_steps);
        }
        return;
    }
    ++steps_taken;
    in_step = 1;
    int gc_was = 0;
    pause_gc(&gc_was);
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    drain_output();
    line_begin();
    put_str("step ");
    put_dec(file);
    put_char(' ');
    put_dec(line > 0x7fffffff ? 0 : line); /* -1: no line known */
    put_char('\n');

    /* The user's frames, outermost first. */
    PyFrameObject* stack[256];
    int depth = 0;
    Py_INCREF(frame);
    for (PyFrameObject* f = frame; f;) {
        PyCodeObject* code = frame_code(f);
        int user = is_user_file(file_id(code->co_filename), code->co_filename);
        Py_DECREF(code);
        PyFrameObject* back = frame_back(f);
        if (user && depth < 256)
            stack[depth++] = f;
        else
            Py_DECREF(f);
        f = back;
    }
    seen_reset();
    for (int k = depth - 1; k >= 0; --k) {
        PyCodeObject* code = frame_code(stack[k]);
        Py_ssize_t n = 0;
        const char* u = PyUnicode_AsUTF8AndSize(code->co_name, &n);
        if (!u)
            PyErr_Clear();
        const int line_now = PyFrame_GetLineNumber(stack[k]);
        line_begin();
        put_str("frame ");
        if (u)
            put_escaped(u, (size_t)n, 200);
        else
            put_char('?');
        put_char(' ');
        put_dec((uint64_t)(line_now < 0 ? 0 : line_now));
        put_char('\n');
        Py_DECREF(code);
    }
    for (int k = depth - 1; k >= 0; --k) {
        PyCodeObject* code = frame_code(stack[k]);
        frame_names(depth - 1 - k, stack[k], code);
        Py_DECREF(code);
        Py_DECREF(stack[k]);
    }
    mark_generations();
    write_gc_counts();
    for (size_t i = 0; i < seen_len; ++i)
        write_object(i);
    write_drops();
    if (cut_count) {
        line_begin();
        put_str("cut ");
        put_dec(cut_count);
        put_char('\n');
    }
    seen_reset();
    PyErr_Restore(type, value, tb);
    resume_gc(gc_was);
    in_step = 0;
    write_deferred();
}

/* ---- output: the script's stdout and stderr, through pipes we drain ---- */

typedef struct {
    int fd;          /* the script's descriptor (1 or 2) */
    int real;        /* where its bytes go on: the original descriptor */
    int pipe_read;
    char* pending;   /* drained, not yet written to the trace */
    size_t len, cap;
} Stream;
static Stream streams[2] = {{1, -1, -1, NULL, 0, 0}, {2, -1, -1, NULL, 0, 0}};

/* Where the recorder's own messages go: the real standard error, not the
 * program's (which is captured while steps are taken). */
static int host_stderr(void) { return streams[1].real >= 0 ? streams[1].real : 2; }
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t drainer;
static int draining;

static void write_all(int fd, const char* b, size_t n) {
    while (n) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        b += w;
        n -= (size_t)w;
    }
}

/* Reads what is waiting on a stream (under out_lock): on to the real
 * descriptor at once, and kept for the next step's `out` line. */
static int pump(Stream* s) {
    char buf[65536];
    ssize_t n = read(s->pipe_read, buf, sizeof buf);
    if (n <= 0)
        return (int)n;
    write_all(s->real, buf, (size_t)n);
    if (s->len + (size_t)n > s->cap) {
        size_t cap = (s->len + (size_t)n) * 2;
        char* t = (char*)realloc(s->pending, cap);
        if (!t)
            return 1;
        s->pending = t;
        s->cap = cap;
    }
    memcpy(s->pending + s->len, buf, (size_t)n);
    s->len += (size_t)n;
    return 1;
}

static void* drain_thread(void* unused) {
    (void)unused;
    int open_streams = 2;
    while (open_streams) {
        struct pollfd p[2];
        int n = 0;
        for (int i = 0; i < 2; ++i)
            if (streams[i].pipe_read >= 0) {
                p[n].fd = streams[i].pipe_read;
                p[n].events = POLLIN;
                ++n;
            }
        if (poll(p, (nfds_t)n, -1) < 0 && errno != EINTR)
            break;
        pthread_mutex_lock(&out_lock);
        for (int i = 0; i < 2; ++i) {
            Stream* s = &streams[i];
            if (s->pipe_read < 0)
                continue;
            int avail = 0;
            if (ioctl(s->pipe_read, FIONREAD, &avail) == 0 && avail > 0) {
                pump(s);
            } else {
                struct pollfd q = {s->pipe_read, POLLIN, 0};
                if (poll(&q, 1, 0) > 0 && pump(s) == 0) { /* closed */
                    close(s->pipe_read);
                    s->pipe_read = -1;
                    --open_streams;
                }
            }
        }
        pthread_mutex_unlock(&out_lock);
    }
    return NULL;
}

/* Runs the script's stdout and stderr through pipes (the program sees
 * pipes, as under `python3 SCRIPT | cat`), so each step knows what was
 * written before it. */
static int start_output_capture(void) {
    for (int i = 0; i < 2; ++i) {
        int fds[2];
        Stream* s = &streams[i];
        if (pipe(fds) != 0)
            return -1;
        s->real = fcntl(s->fd, F_DUPFD_CLOEXEC, 10);
        if (s->real < 0 || dup2(fds[1], s->fd) < 0)
            return -1;
        close(fds[1]);
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        s->pipe_read = fds[0];
    }
    draining = pthread_create(&drainer, NULL, drain_thread, NULL) == 0;
    return draining ? 0 : -1;
}

/* What the drainer took since the last `out` lines, as `out` lines. */
static void write_pending_output(void) {
    for (int i = 0; i < 2; ++i) {
        Stream* s = &streams[i];
        for (size_t at = 0; at < s->len; at += 1000) {
            line_begin();
            put_str(i == 0 ? "out 1 " : "out 2 ");
            put_escaped(s->pending + at, s->len - at, 1000);
            put_char('\n');
        }
        s->len = 0;
    }
}

/* Before a step: everything the program has written is in the pipes (its
 * writes returned); wait until the drainer has taken it, then write it. */
static void drain_output(void) {
    if (!draining)
        return;
    for (;;) {
        pthread_mutex_lock(&out_lock);
        int waiting = 0;
        for (int i = 0; i < 2; ++i) {
            int avail = 0;
            if (streams[i].pipe_read >= 0 && ioctl(streams[i].pipe_read, FIONREAD, &avail) == 0 && avail > 0)
                waiting = 1;
        }
        if (!waiting)
            break;
        pthread_mutex_unlock(&out_lock);
        sched_yield();
    }
    write_pending_output();
    pthread_mutex_unlock(&out_lock);
}

/* At the end: the script's descriptors back, the drainer finished. */
static void stop_output_capture(void) {
    if (!draining)
        return;
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; ++i)
        dup2(streams[i].real, streams[i].fd); /* closes the pipes' write ends */
    pthread_join(drainer, NULL);
    draining = 0;
    write_pending_output();
}

/* The script's text, once, before its first line runs. */
static void write_source(const char* script) {
    FILE* f = fopen(script, "rb");
    if (!f)
        return;
    char buf[4000];
    uint64_t n = 0;
    int at_line_start = 1;
    while (fgets(buf, sizeof buf, f)) {
        size_t len = strlen(buf);
        int ends = len && buf[len - 1] == '\n';
        if (ends)
            buf[--len] = 0;
        if (len && buf[len - 1] == '\r')
            buf[--len] = 0;
        if (at_line_start) {
            line_begin();
            put_str("source ");
            put_dec(++n);
            put_char(' ');
            put_escaped(buf, len, 3900);
            put_char('\n');
        }
        at_line_start = ends; /* a longer line: the rest is dropped */
    }
    fclose(f);
}

static int prepare_steps(const char* script) {
    char* real = realpath(script, NULL);
    if (!real)
        return 0;
    char* slash = strrchr(real, '/');
    if (slash)
        slash[1] = 0;
    user_dir = real;
    PyObject* sys = PyImport_ImportModule("sys");
    PyObject* gc = PyImport_ImportModule("gc");
    getsizeof_fn = sys ? PyObject_GetAttrString(sys, "getsizeof") : NULL;
    sizeof_name = PyUnicode_InternFromString("__sizeof__");
    find_generation_heads();
    gc_isenabled_fn = gc ? PyObject_GetAttrString(gc, "isenabled") : NULL;
    gc_disable_fn = gc ? PyObject_GetAttrString(gc, "disable") : NULL;
    gc_enable_fn = gc ? PyObject_GetAttrString(gc, "enable") : NULL;
    Py_XDECREF(sys);
    Py_XDECREF(gc);
    PyErr_Clear();
    write_source(script);
    return 0;
}

/* ---- the end: stop recording and take the interpreter's report ----------- */

static const char* script_path;

static const char* stats_path;
static int finished;
static int finish_failed;

/* Stops recording and writes the report at the same moment, so the trace
 * holds every call that the report's figures reflect. */
static void finish_recording(void) {
    if (finished)
        return;
    finished = 1;
    stop_output_capture(); /* the last output, before the trace closes */
    recording = 0;
    flush_out();
    if (out_errno) {
        fprintf(stderr, "arenascope-record: cannot write %s: %s\n", out_name, strerror(out_errno));
        finish_failed = 1;
    }
    if (close(out_fd) != 0 && !finish_failed) {
        fprintf(stderr, "arenascope-record: cannot write %s: %s\n", out_name, strerror(errno));
        finish_failed = 1;
    }
    /* Unhooked from here on: the report prints nothing unless pymalloc
     * itself is the obj allocator. */
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &dom_mem.orig);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &dom_obj.orig);
    PyObject_SetArenaAllocator(&orig_arena);
    if (!stats_path)
        return;
    FILE* f = fopen(stats_path, "w");
    if (!f) {
        fprintf(stderr, "arenascope-record: cannot write %s: %s\n", stats_path, strerror(errno));
        finish_failed = 1;
        return;
    }
    arenascope_debug_malloc_stats(f);
    if (fclose(f) != 0) {
        fprintf(stderr, "arenascope-record: cannot write %s: %s\n", stats_path, strerror(errno));
        finish_failed = 1;
    }
}

/* ---- --timeout: the program stopped, the recording kept --------------------
 * A watchdog thread takes the GIL (the main thread gives it up between two
 * bytecodes, or is already waiting outside the interpreter), ends the
 * recording with the report, and exits with status 124, as timeout(1)
 * does. A program that keeps the GIL 3 s more (a long C call) is ended
 * without its last buffered calls. */
static double timeout_seconds;
static pthread_t watchdog, last_resort;

static void stop_at_timeout(void) {
    if (finished)
        return;
    line_begin();
    put_str("limit time ");
    put_dec((uint64_t)(timeout_seconds + 0.5));
    put_char('\n');
    finish_recording();
    dprintf(host_stderr(), "arenascope-record: stopped the program after %g s (--timeout); "
                           "the recording holds what it did until then\n", timeout_seconds);
    _exit(124);
}

static void sleep_seconds(double s) {
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void* end_anyway(void* unused) {
    (void)unused;
    sleep_seconds(3.0);
    if (!finished) {
        dprintf(host_stderr(), "arenascope-record: stopped the program after %g s (--timeout), "
                               "busy outside Python: the recording ends early\n", timeout_seconds);
        _exit(124);
    }
    return NULL;
}

static void* watch(void* unused) {
    (void)unused;
    sleep_seconds(timeout_seconds);
    if (finished)
        return NULL;
    if (pthread_create(&last_resort, NULL, end_anyway, NULL) == 0)
        pthread_detach(last_resort);
    PyGILState_Ensure(); /* never released: the process ends here */
    stop_at_timeout();
    return NULL;
}

static void start_watchdog(void) {
    if (timeout_seconds > 0 && pthread_create(&watchdog, NULL, watch, NULL) == 0)
        pthread_detach(watchdog);
}

static PyObject* py_finish(PyObject* self, PyObject* unused) {
    (void)self;
    (void)unused;
    finish_recording();
    Py_RETURN_NONE;
}

/* ---- the collector's runs, from gc.callbacks ----------------------------- */

static PyObject *key_generation, *key_collected, *key_uncollectable;

static long info_field(PyObject* info, PyObject* key) {
    PyObject* v = PyDict_Check(info) ? PyDict_GetItem(info, key) : NULL;
    long n = v ? PyLong_AsLong(v) : -1;
    if (n < 0) {
        PyErr_Clear();
        n = 0;
    }
    return n;
}

/* ---- the collector's graph: what it is about to examine ------------------
 *
 * At a collection's start (the callbacks run before gc_collect_main merges
 * the younger generations into the one collected: Modules/gcmodule.c 3.8-3.11,
 * Python/gc.c 3.12-3.13), the recorder writes `young`: every object of those
 * generations, in the order of the list the collector will walk (the
 * collected generation, then generation 0, 1, ...: gc_list_merge appends),
 * with its reference count and the references to other objects of young
 * that tp_traverse visits (as subtract_refs counts them), then the tracked
 * objects outside young that young refers to, likewise, and for a weak
 * reference, its referent (`gcw`). At its stop, the
 * objects of young that died without their block being freed (put on a
 * type's free list: refcount 0) are written as `freelisted`. The model runs
 * the collector's phases on that graph and checks its verdict against the
 * frees (docs/trace-format.md, "The collector's graph"). */
static long max_graph = 2000000;    /* objects in young, at most, for a graph */
static PyObject** young;            /* libc memory */
static uint64_t* young_block;
static size_t young_len, young_cap;
typedef struct {
    uintptr_t key;
    long stamp;
    uint32_t value;
} Slot;
static Slot* young_index;  /* object address -> index in young */
static Slot* block_index;  /* block address -> index in young */
static unsigned char* young_dead; /* its block was freed during the collection */
static size_t index_size;
static long graph_stamp;

static long slot_find(const Slot* t, uintptr_t key) {
    size_t j = own_slot(key, index_size);
    while (t[j].stamp == graph_stamp) {
        if (t[j].key == key)
            return (long)t[j].value;
        j = (j + 1) & (index_size - 1);
    }
    return -1;
}

static void slot_put(Slot* t, uintptr_t key, uint32_t value) {
    size_t j = own_slot(key, index_size);
    while (t[j].stamp == graph_stamp) {
        if (t[j].key == key)
            return;
        j = (j + 1) & (index_size - 1);
    }
    t[j] = (Slot){key, graph_stamp, value};
}

/* Only young's own blocks are looked up: a collection may free many more
 * (the strings its garbage held), which need no place here. */
static void graph_freed(void* block) {
    const long i = slot_find(block_index, (uintptr_t)block);
    if (i >= 0)
        young_dead[i] = 1;
}

static const GcHead* generation_head(int g) {
    return (const GcHead*)((const char*)gen_heads[0] + (size_t)g * (sizeof(GcHead) + 2 * sizeof(int)));
}

static int young_reserve(size_t n) {
    if (n > young_cap) {
        size_t cap = young_cap ? young_cap : 4096;
        while (cap < n)
            cap *= 2;
        PyObject** y = (PyObject**)realloc(young, cap * sizeof(PyObject*));
        if (y)
            young = y;
        uint64_t* b = y ? (uint64_t*)realloc(young_block, cap * sizeof(uint64_t)) : NULL;
        if (b)
            young_block = b;
        unsigned char* d = b ? (unsigned char*)realloc(young_dead, cap) : NULL;
        if (!d)
            return -1;
        young_dead = d;
        young_cap = cap;
    }
    if (index_size < 2 * n + 1024) {
        size_t size = 1024;
        while (size < 2 * n + 1024)
            size *= 2;
        Slot* a = (Slot*)calloc(size, sizeof(Slot));
        Slot* b = a ? (Slot*)calloc(size, sizeof(Slot)) : NULL;
        if (!b) {
            free(a);
            return -1;
        }
        free(young_index);
        free(block_index);
        young_index = a;
        block_index = b;
        index_size = size;
    }
    return 0;
}

/* The collector's young list as it will be once merged, less the
 * callbacks' own arguments (they die before the collection starts). */
static void graph_add(PyObject* o) {
    slot_put(young_index, (uintptr_t)o, (uint32_t)young_len);
    young_block[young_len] = block_of(o);
    slot_put(block_index, (uintptr_t)young_block[young_len], (uint32_t)young_len);
    young_dead[young_len] = 0;
    young[young_len++] = o;
}

static int is_tracked(PyObject* o) {
#if PY_VERSION_HEX >= 0x03090000
    return PyObject_IS_GC(o) && PyObject_GC_IsTracked(o);
#else
    return PyObject_IS_GC(o) && _PyObject_GC_IS_TRACKED(o);
#endif
}

/* Room for objects outside young, as a multiple of young's size: doubled
 * when a collection's outside does not fit (then it is gathered again). */
static size_t outside_room = 1;
static int outside_overflow;

static long gather_young(int gen, PyObject* skip1, PyObject* skip2) {
    young_len = 0;
    size_t n = 0;
    for (int g = 0; g <= gen; ++g) {
        const GcHead* head = generation_head(g);
        for (const GcHead* h = (const GcHead*)(head->next & ~(uintptr_t)3); h != head && n <= (size_t)max_graph;
             h = (const GcHead*)(h->next & ~(uintptr_t)3))
            ++n;
    }
    /* Room for young and outside_room times as many objects outside it (and 1024). */
    if (n > (size_t)max_graph || young_reserve((1 + outside_room) * n + 1024) < 0)
        return -(long)n - 1;
    ++graph_stamp;
    for (int k = 0; k <= gen; ++k) {
        const int g = k == 0 ? gen : k - 1;
        const GcHead* head = generation_head(g);
        for (const GcHead* h = (const GcHead*)(head->next & ~(uintptr_t)3); h != head && young_len < n;
             h = (const GcHead*)(h->next & ~(uintptr_t)3)) {
            PyObject* o = (PyObject*)(h + 1);
            if (o == skip1 || o == skip2)
                continue;
            graph_add(o);
        }
    }
    return (long)young_len;
}

/* Code objects are no GC type before 3.14 (no tp_traverse), yet they hold
 * tuples that are tracked (co_consts, co_names, the names of the locals,
 * 3.12's cached co_varnames...): when a function that dies takes its code
 * along, those die too (code_dealloc, Objects/codeobject.c). */
static int traverse_code(PyCodeObject* co, visitproc visit, void* arg) {
    Py_VISIT(co->co_consts);
    Py_VISIT(co->co_names);
#if PY_VERSION_HEX >= 0x030B0000
    Py_VISIT(co->co_localsplusnames);
#else
    Py_VISIT(co->co_varnames);
    Py_VISIT(co->co_freevars);
    Py_VISIT(co->co_cellvars);
#endif
#if PY_VERSION_HEX >= 0x030C0000
    if (co->_co_cached) {
        Py_VISIT(co->_co_cached->_co_varnames);
        Py_VISIT(co->_co_cached->_co_cellvars);
        Py_VISIT(co->_co_cached->_co_freevars);
    }
#endif
    return 0;
}

/* What an object refers to as the collector's tp_traverse visits it
 * (subtract_refs counts these). */
static void traverse_refs(PyObject* o, visitproc visit, void* arg) {
    if (Py_TYPE(o)->tp_traverse)
        Py_TYPE(o)->tp_traverse(o, visit, arg);
}

/* What its dealloc drops besides: a code object's tuples, and a class's
 * __slots__ tuple (ht_slots, which type_traverse does not visit;
 * Objects/typeobject.c). The collector never counts these, but when the
 * object dies they may die with it. */
static void traverse_dropped(PyObject* o, visitproc visit, void* arg) {
    if (!Py_TYPE(o)->tp_traverse && PyCode_Check(o))
        traverse_code((PyCodeObject*)o, visit, arg);
    else if (PyType_Check(o) && (((PyTypeObject*)o)->tp_flags & Py_TPFLAGS_HEAPTYPE))
        visit(((PyHeapTypeObject*)o)->ht_slots, arg);
}

/* An untracked object that may hold tracked ones: a code object, or an
 * untracked tuple or dict (which hold only untracked objects, code among them). */
static int is_untracked_holder(PyObject* o) {
    return !is_tracked(o) && (PyCode_Check(o) || (PyObject_IS_GC(o) && Py_TYPE(o)->tp_traverse));
}

/* The objects outside young that young refers to: when the garbage dies,
 * one of them may die with it (its last references were the garbage's) and
 * take young objects it held along (delete_garbage works by reference
 * counting). The tracked ones are followed one step out; the untracked
 * holders between (a dying function's code and its co_consts) further, to
 * the tracked objects they hold. */
static int visit_outside(PyObject* target, void* unused) {
    (void)unused;
    if (!target || slot_find(young_index, (uintptr_t)target) >= 0 ||
        !(is_tracked(target) || is_untracked_holder(target)))
        return 0;
    if (young_len < young_cap)
        graph_add(target);
    else
        outside_overflow = 1;
    return 0;
}

static size_t gather_outside(size_t n) {
    outside_overflow = 0;
    for (size_t i = 0; i < young_len && !outside_overflow; ++i)
        if (i < n || !is_tracked(young[i])) {
            traverse_refs(young[i], visit_outside, NULL);
            traverse_dropped(young[i], visit_outside, NULL);
        }
    return young_len - n;
}

/* Writes the graph's indices of what an object refers to, 32 a line. */
typedef struct {
    const char* keyword; /* gcr: visited by tp_traverse; gcd: dropped by the dealloc only */
    long count;
} RefLines;

static int visit_young(PyObject* target, void* lines) {
    RefLines* l = (RefLines*)lines;
    const long i = target ? slot_find(young_index, (uintptr_t)target) : -1;
    if (i >= 0) {
        if (l->count % 32 == 0) {
            if (l->count)
                put_char('\n');
            line_begin();
            put_str(l->keyword);
        }
        put_char(' ');
        put_dec((uint64_t)i);
        ++l->count;
    }
    return 0;
}

/* Whether the collector will call the object's tp_finalize (__del__):
 * finalize_garbage skips objects already finalized. */
static int finalizer_pending(PyObject* o) {
    if (!Py_TYPE(o)->tp_finalize)
        return 0;
#if PY_VERSION_HEX >= 0x03090000
    return !PyObject_GC_IsFinalized(o);
#else
    return !(gc_head(o)->prev & 1); /* _PyGC_PREV_MASK_FINALIZED */
#endif
}

static void write_young(int gen, PyObject* skip1, PyObject* skip2) {
    long n = gather_young(gen, skip1, skip2);
    size_t outside = n < 0 ? 0 : gather_outside((size_t)n);
    while (n >= 0 && outside_overflow) {
        /* More outside than room: gather again with twice the room, or,
         * past 64 times young's size, write no graph rather than half of one. */
        if (outside_room >= 64 || (size_t)n + young_len > (size_t)max_graph) {
            n = -n - 1;
            break;
        }
        outside_room *= 2;
        n = gather_young(gen, skip1, skip2);
        outside = n < 0 ? 0 : gather_outside((size_t)n);
    }
    line_begin();
    put_str("young ");
    if (n < 0) {
        put_dec((uint64_t)(-n - 1));
        put_str(" -\n"); /* over the cap: no graph */
        return;
    }
    put_dec((uint64_t)n);
    put_char(' ');
    put_dec((uint64_t)outside);
    put_char('\n');
    for (long i = 0; i < (long)young_len; ++i) {
        PyObject* o = young[i];
        line_begin();
        put_str("gco ");
        put_ptr(o);
        put_char(' ');
        put_hex(young_block[i]);
        put_char(' ');
        put_dec((uint64_t)Py_REFCNT(o));
        put_char(' ');
        const int fin = finalizer_pending(o), del = Py_TYPE(o)->tp_del != NULL;
        if (fin)
            put_char('f');
        if (del)
            put_char('d');
        if (!fin && !del)
            put_char('-');
        put_char(' ');
        const char* tn = Py_TYPE(o)->tp_name;
        const char* dot = strrchr(tn, '.');
        tn = dot ? dot + 1 : tn;
        size_t k = 0;
        for (; tn[k] && k < 80; ++k)
            put_char(tn[k] == ' ' ? '_' : (unsigned char)tn[k] < 0x21 ? '?' : tn[k]);
        put_char('\n');
        /* A weak reference's referent is no reference tp_traverse visits,
         * but when the referent is garbage, handle_weakrefs clears it and
         * calls its callback, and the referent's own dealloc may drop it
         * (a base class's tp_subclasses): the model needs the link. */
        if (PyWeakref_Check(o)) {
            const long r = slot_find(young_index, (uintptr_t)((PyWeakReference*)o)->wr_object);
            if (r >= 0) {
                line_begin();
                put_str("gcw ");
                put_dec((uint64_t)r);
                put_char('\n');
            }
        }
        RefLines traversed = {"gcr", 0}, dropped = {"gcd", 0};
        traverse_refs(o, visit_young, &traversed);
        if (traversed.count)
            put_char('\n');
        traverse_dropped(o, visit_young, &dropped);
        if (dropped.count)
            put_char('\n');
    }
    graph_open = 1;
}

/* Young's objects that died with their block kept: a free list took them
 * (their memory still holds refcount 0), or took them and gave them back
 * for the arguments of this very callback (the info dict and the argument
 * tuple are made from the free lists just before it). A block freed
 * meanwhile is known from the frees themselves. */
static void write_freelisted(PyObject* args, PyObject* info) {
    graph_open = 0;
    long count = 0;
    for (size_t i = 0; i < young_len; ++i) {
        const int reused = young[i] == args || young[i] == info;
        if (young_dead[i] || (Py_REFCNT(young[i]) != 0 && !reused))
            continue;
        if (count % 32 == 0) {
            if (count)
                put_char('\n');
            line_begin();
            put_str("freelisted");
        }
        put_char(' ');
        put_dec((uint64_t)i);
        ++count;
    }
    if (count)
        put_char('\n');
    young_len = 0;
}

static PyObject* py_gc_callback(PyObject* self, PyObject* args) {
    (void)self;
    PyObject *phase, *info;
    if (!PyArg_ParseTuple(args, "OO", &phase, &info))
        return NULL;
    if (recording) {
        const int start = PyUnicode_Check(phase) && PyUnicode_CompareWithASCIIString(phase, "start") == 0;
        const long gen = info_field(info, key_generation);
        if (!start && graph_open)
            write_freelisted(args, info);
        line_begin();
        put_str(start ? "gc_start " : "gc_stop ");
        put_dec((uint64_t)gen);
        if (!start) {
            put_char(' ');
            put_dec((uint64_t)info_field(info, key_collected));
            put_char(' ');
            put_dec((uint64_t)info_field(info, key_uncollectable));
        }
        put_char('\n');
        if (start && steps && gen_heads[0] && gen >= 0 && gen <= 2)
            write_young((int)gen, args, info);
    }
    Py_RETURN_NONE;
}

static PyMethodDef finish_def = {"arenascope_finish_recording", py_finish, METH_NOARGS, NULL};
static PyMethodDef gc_def = {"arenascope_gc_callback", py_gc_callback, METH_VARARGS, NULL};

/* After start-up, before the script: listen to the collector, arrange for
 * the report at exit (after the script's own atexit handlers, which were
 * registered later and so run first), and start following source lines. */
static int prepare_script(void) {
    key_generation = PyUnicode_InternFromString("generation");
    key_collected = PyUnicode_InternFromString("collected");
    key_uncollectable = PyUnicode_InternFromString("uncollectable");
    PyObject* gc = PyImport_ImportModule("gc");
    PyObject* callbacks = gc ? PyObject_GetAttrString(gc, "callbacks") : NULL;
    PyObject* gc_fn = PyCFunction_New(&gc_def, NULL);
    PyObject* atexit = PyImport_ImportModule("atexit");
    PyObject* finish_fn = PyCFunction_New(&finish_def, NULL);
    PyObject* r = NULL;
    int ok = key_generation && key_collected && key_uncollectable && callbacks && gc_fn &&
             finish_fn && atexit && PyList_Append(callbacks, gc_fn) == 0 &&
             (r = PyObject_CallMethod(atexit, "register", "O", finish_fn)) != NULL;
    Py_XDECREF(r);
    Py_XDECREF(finish_fn);
    Py_XDECREF(atexit);
    Py_XDECREF(gc_fn);
    Py_XDECREF(callbacks);
    Py_XDECREF(gc);
    if (!ok) {
        PyErr_Print();
        return -1;
    }
    if (steps && prepare_steps(script_path) < 0)
        return -1;
    start_watchdog();
    if (source_lines) {
        traced = current_tstate();
        PyEval_SetTrace(trace_lines, NULL);
    }
    return 0;
}

/* ---- start-up and the script ---------------------------------------------- */

static void usage(void) {
    fputs("usage: arenascope-record (--out TRACE | --out-fd FD) [--stats STATS] [--source-lines]\n"
          "                         [--steps] [--max-steps N] [--timeout SECONDS] [--python PYTHON]\n"
          "                         [--] SCRIPT [ARGS...]\n"
          "Runs SCRIPT as PYTHON would and writes its pymalloc trace to TRACE and the\n"
          "interpreter's sys._debugmallocstats() report to STATS.\n",
          stderr);
}

#if PY_VERSION_HEX >= 0x03080000
static int run(const char* python, int argc, char** argv) {
    PyPreConfig pre;
    PyPreConfig_InitPythonConfig(&pre);
    pre.allocator = PYMEM_ALLOCATOR_PYMALLOC; /* not PYTHONMALLOC's or -X dev's */
    PyStatus st = Py_PreInitialize(&pre);
    if (PyStatus_Exception(st))
        Py_ExitStatusException(st);
    install_hooks();
    write_header();
    recording = 1;

    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    /* argv as the interpreter's own: "PYTHON SCRIPT ARGS...", parsed as python
     * parses it, so sys.argv, sys.path[0] and __main__ come out the same. */
    char** full = (char**)malloc(sizeof(char*) * (size_t)(argc + 2));
    if (!full)
        return 2;
    full[0] = (char*)python;
    for (int i = 0; i < argc; ++i)
        full[i + 1] = argv[i];
    full[argc + 1] = NULL;
    if (steps) {
        /* Unbuffered, so that what a line prints is in the pipe before the
         * next step (see docs/trace-format.md, "Steps"). */
        config.buffered_stdio = 0;
        if (start_output_capture() < 0) {
            fprintf(stderr, "arenascope-record: cannot capture the script's output: %s\n", strerror(errno));
            return 2;
        }
    }
    st = PyConfig_SetBytesString(&config, &config.program_name, python);
    if (!PyStatus_Exception(st))
        st = PyConfig_SetBytesArgv(&config, argc + 1, full);
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    free(full);
    if (PyStatus_Exception(st))
        Py_ExitStatusException(st);
    if (prepare_script() < 0)
        return 2;
    return Py_RunMain();
}
#else
static int run(const char* python, int argc, char** argv) {
    /* 3.6 and 3.7 read these in Py_Initialize and would replace the hooks. */
    unsetenv("PYTHONMALLOC");
    unsetenv("PYTHONDEVMODE");
    install_hooks();
    write_header();
    recording = 1;
    wchar_t* program = Py_DecodeLocale(python, NULL);
    wchar_t** wargv = (wchar_t**)PyMem_RawMalloc(sizeof(wchar_t*) * (size_t)argc);
    if (!program || !wargv)
        return 2;
    for (int i = 0; i < argc; ++i)
        if (!(wargv[i] = Py_DecodeLocale(argv[i], NULL)))
            return 2;
    Py_SetProgramName(program);
    Py_Initialize();
    PySys_SetArgvEx(argc, wargv, 1);
    if (prepare_script() < 0)
        return 2;
    FILE* fp = fopen(argv[0], "rb");
    if (!fp) {
        fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n", python, argv[0], errno,
                strerror(errno));
        Py_FinalizeEx();
        return 2;
    }
    PyCompilerFlags flags = {0};
    int status = PyRun_AnyFileExFlags(fp, argv[0], 1, &flags) != 0 ? 1 : 0;
    if (Py_FinalizeEx() < 0)
        status = 120;
    return status;
}
#endif

int main(int argc, char** argv) {
    const char* out_path = NULL;
    const char* python = NULL;
    long fd = -1;
    int i = 1;
    for (; i < argc; ++i) {
        const char* a = argv[i];
        if (strcmp(a, "--") == 0) {
            ++i;
            break;
        }
        if (a[0] != '-' || a[1] != '-')
            break;
        if (strcmp(a, "--source-lines") == 0) {
            source_lines = 1;
            continue;
        }
        if (strcmp(a, "--steps") == 0) {
#if PY_VERSION_HEX < 0x03080000
            fprintf(stderr, "arenascope-record: --steps needs CPython 3.8 or later (this is %s)\n", PY_VERSION);
            return 2;
#else
            steps = source_lines = 1;
            continue;
#endif
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "arenascope-record: %s needs a value\n", a);
            usage();
            return 2;
        }
        const char* v = argv[++i];
        if (strcmp(a, "--out") == 0) {
            out_path = v;
        } else if (strcmp(a, "--out-fd") == 0) {
            char* end;
            fd = strtol(v, &end, 10);
            if (*end || fd < 0)
                fd = -2;
        } else if (strcmp(a, "--stats") == 0) {
            stats_path = v;
        } else if (strcmp(a, "--python") == 0) {
            python = v;
        } else if (strcmp(a, "--timeout") == 0) {
            char* end;
            timeout_seconds = strtod(v, &end);
            if (*end || !(timeout_seconds > 0)) {
                fprintf(stderr, "arenascope-record: --timeout takes a number of seconds above 0\n");
                return 2;
            }
        } else if (strcmp(a, "--max-steps") == 0) {
            char* end;
            max_steps = strtol(v, &end, 10);
            if (*end || max_steps < 0) {
                fprintf(stderr, "arenascope-record: --max-steps takes a whole number\n");
                return 2;
            }
        } else {
            fprintf(stderr, "arenascope-record: unknown option %s\n", a);
            usage();
            return 2;
        }
    }
    if (i >= argc || (!out_path) == (fd == -1) || fd == -2) {
        usage();
        return 2;
    }
#ifdef ARENASCOPE_PYTHON
    if (!python)
        python = ARENASCOPE_PYTHON;
#endif
    if (!python)
        python = "python3";
    if (out_path) {
        out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out_fd < 0) {
            fprintf(stderr, "arenascope-record: cannot write %s: %s\n", out_path, strerror(errno));
            return 2;
        }
        out_name = out_path;
    } else {
        out_fd = (int)fd;
        /* The script's child processes must not hold the pipe open. */
        fcntl(out_fd, F_SETFD, FD_CLOEXEC);
    }
    script_path = argv[i];
    int status = run(python, argc - i, argv + i);
    finish_recording(); /* if the script's exit skipped the atexit handler */
    return finish_failed && status == 0 ? 2 : status;
}
