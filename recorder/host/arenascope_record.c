/* arenascope-record: runs a script as `python SCRIPT ARGS...` would, inside an
 * embedded CPython whose pymalloc calls are written as a trace (docs/trace-format.md).
 * Plain C in one file: CMake builds it against the build's Python, and
 * arenascope-cli record --python compiles it on demand against another one. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <errno.h>
#include <fcntl.h>
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
static void* hook_realloc(void* ctx, void* old, size_t size) {
    Domain* d = (Domain*)ctx;
    void* p = d->orig.realloc(d->orig.ctx, old, size);
    if (recording) {
        event_begin("realloc ", d);
        put_ptr(old);
        put_char(' ');
        put_dec(size);
        put_char(' ');
        put_ptr(p);
        put_char('\n');
    }
    return p;
}

/* Written before the call, so the arena_free it may cause comes after it. */
static void hook_free(void* ctx, void* p) {
    Domain* d = (Domain*)ctx;
    if (recording) {
        event_begin("free ", d);
        put_ptr(p);
        put_char('\n');
    }
    d->orig.free(d->orig.ctx, p);
}

static void* hook_arena_alloc(void* ctx, size_t size) {
    (void)ctx;
    void* p = orig_arena.alloc(orig_arena.ctx, size);
    if (recording && p) {
        event_begin("arena_alloc ", NULL);
        put_ptr(p);
        put_char(' ');
        put_dec(size);
        put_char('\n');
    }
    return p;
}

static void hook_arena_free(void* ctx, void* p, size_t size) {
    (void)ctx;
    if (recording) {
        event_begin("arena_free ", NULL);
        put_ptr(p);
        put_char(' ');
        put_dec(size);
        put_char('\n');
    }
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
    put_str(source_lines ? ", source lines\n" : "\n");
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

/* ---- the end: stop recording and take the interpreter's report ----------- */

static const char* stats_path;
static int finished;
static int finish_failed;

/* Stops recording and writes the report at the same moment, so the trace
 * holds every call that the report's figures reflect. */
static void finish_recording(void) {
    if (finished)
        return;
    finished = 1;
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

static PyObject* py_gc_callback(PyObject* self, PyObject* args) {
    (void)self;
    PyObject *phase, *info;
    if (!PyArg_ParseTuple(args, "OO", &phase, &info))
        return NULL;
    if (recording) {
        const int start = PyUnicode_Check(phase) && PyUnicode_CompareWithASCIIString(phase, "start") == 0;
        line_begin();
        put_str(start ? "gc_start " : "gc_stop ");
        put_dec((uint64_t)info_field(info, key_generation));
        if (!start) {
            put_char(' ');
            put_dec((uint64_t)info_field(info, key_collected));
            put_char(' ');
            put_dec((uint64_t)info_field(info, key_uncollectable));
        }
        put_char('\n');
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
    if (source_lines) {
        traced = current_tstate();
        PyEval_SetTrace(trace_lines, NULL);
    }
    return 0;
}

/* ---- start-up and the script ---------------------------------------------- */

static void usage(void) {
    fputs("usage: arenascope-record (--out TRACE | --out-fd FD) [--stats STATS] [--source-lines]\n"
          "                         [--python PYTHON] [--] SCRIPT [ARGS...]\n"
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
    int status = run(python, argc - i, argv + i);
    finish_recording(); /* if the script's exit skipped the atexit handler */
    return finish_failed && status == 0 ? 2 : status;
}
