# Build-time introspection of a trusted CPython interpreter for pyrefcheck.
#
# Imports every standard library module this interpreter has and writes one
# JSON object per line to stdout: a header, one "module" object per module
# (written as soon as it is done), and an "end" object. Diagnostics go to
# stderr. Must run unchanged on Python 3.9 through 3.15: no syntax newer
# than 3.9 (no match, no X | Y annotations, no parenthesised with).
#
# Usage: python -s -B introspect.py [--modules a,b,c] [--timeout SECONDS]

import heapq
import importlib
import inspect
import json
import os
import pkgutil
import signal
import sys
import sysconfig
import time
import types
import warnings


class Timeout(BaseException):
    """Raised by the alarm handler; a BaseException so that modules that
    catch Exception while importing do not swallow it."""


def _on_alarm(signum, frame):
    raise Timeout()


def log(msg):
    try:
        sys.stderr.write("introspect: %s\n" % msg)
        sys.stderr.flush()
    except BaseException:
        pass


# ---------------------------------------------------------------- locations

def _real(p):
    return os.path.realpath(p) if p else ""


_paths = sysconfig.get_paths()
STDLIB = _real(_paths.get("stdlib"))
PLATSTDLIB = _real(_paths.get("platstdlib")) or STDLIB
DYNLOAD = os.path.join(PLATSTDLIB, "lib-dynload")
STDLIB_DIRS = []
for _d in (STDLIB, PLATSTDLIB, DYNLOAD):
    if _d and _d not in STDLIB_DIRS and os.path.isdir(_d):
        STDLIB_DIRS.append(_d)


def _under(path, dirs):
    for d in dirs:
        if path == d or path.startswith(d + os.sep):
            return d
    return None


def repo_path(filename):
    """Map an installed file to its CPython checkout path ("Lib/tarfile.py").
    Extension modules and files outside the stdlib map to ""."""
    if not filename or not isinstance(filename, str):
        return ""
    if filename.startswith("<frozen ") and filename.endswith(">"):
        # Frozen stdlib modules (3.11+) name code "<frozen os>".
        mod = sys.modules.get(filename[len("<frozen "):-1])
        filename = getattr(mod, "__file__", None)
        if not isinstance(filename, str):
            return ""
    f = _real(filename)
    if not f.endswith(".py"):
        return ""
    for d in (STDLIB, PLATSTDLIB):
        if d and f.startswith(d + os.sep):
            rel = f[len(d) + 1:]
            if rel.startswith("lib-dynload" + os.sep) or rel.startswith("site-packages" + os.sep) \
                    or rel.startswith("dist-packages" + os.sep):
                return ""
            return "Lib/" + rel.replace(os.sep, "/")
    return ""


def stdlib_only():
    """Forget what site added from outside the standard library: the
    site-packages entries of sys.path, and import hooks defined there.
    setuptools' distutils-precedence.pth installs a finder that serves its
    own distutils in place of the stdlib's (3.10, 3.11)."""
    def outside(path):
        # site-packages sits inside the stdlib directory: test the name.
        parts = _real(path).split(os.sep)
        return "site-packages" in parts or "dist-packages" in parts

    sys.path[:] = [p for p in sys.path if not outside(p)]
    for finder in list(sys.meta_path):
        mod = sys.modules.get(type(finder).__module__)
        if outside(getattr(mod, "__file__", None) or ""):
            sys.meta_path.remove(finder)
            log("dropped import hook %s.%s" % (type(finder).__module__, type(finder).__name__))
    for name, mod in list(sys.modules.items()):
        if outside(getattr(mod, "__file__", None) or ""):
            del sys.modules[name]


# ---------------------------------------------------------------- which modules

def skipped(name):
    """Modules never imported: tests, GUIs and programs that run on import."""
    parts = name.split(".")
    top = parts[0]
    if top in ("antigravity", "this", "__main__"):
        return True
    if top.startswith("__hello") or top.startswith("__phello"):
        return True
    if parts[-1] == "__main__":  # python -m entry points run programs
        return True
    if top == "test":
        return len(parts) > 1 and not parts[1].startswith("support")
    if name.startswith("idlelib.idle"):  # idlelib.idle starts IDLE; idle_test
        return True
    if top == "turtledemo" and len(parts) > 1:  # demo GUIs
        return True
    for p in parts[1:]:  # lib2to3.tests, tkinter.test, ctypes.test, ...
        if p in ("test", "tests", "idle_test"):
            return True
    return False


def top_level_names():
    # sys.stdlib_module_names (3.10+) leaves out the test package and the
    # test extension modules (_testcapi, xxlimited, ...); walking the
    # stdlib directories as well keeps every version's list alike.
    names = set(sys.builtin_module_names)
    names.update(getattr(sys, "stdlib_module_names", ()))
    suffixes = []
    try:
        import importlib.machinery
        suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    except BaseException:
        pass
    for d in STDLIB_DIRS:
        try:
            entries = os.listdir(d)
        except OSError:
            continue
        for e in entries:
            full = os.path.join(d, e)
            name = None
            if e.endswith(".py"):
                name = e[:-3]
            elif os.path.isdir(full) and os.path.exists(os.path.join(full, "__init__.py")):
                name = e
            else:
                for s in suffixes:
                    if e.endswith(s):
                        name = e[:-len(s)]
                        break
            if name and name.isidentifier() and name not in ("site-packages", "dist-packages"):
                names.add(name)
    return names


def submodules(mod):
    """Direct submodules of a stdlib package, found on disk."""
    path = getattr(mod, "__path__", None)
    if path is None:
        return []
    dirs = []
    try:
        for p in path:
            if isinstance(p, str) and _under(_real(p), STDLIB_DIRS):
                dirs.append(p)
    except BaseException:
        return []
    out = []
    try:
        for info in pkgutil.iter_modules(dirs, mod.__name__ + "."):
            out.append(info[1])
    except BaseException as e:
        log("listing %s: %r" % (mod.__name__, e))
    return out


# ---------------------------------------------------------------- describing

def dotted_name(obj):
    """module.qualname of a class or function, or None."""
    try:
        mod = getattr(obj, "__module__", None)
        qn = getattr(obj, "__qualname__", None)
    except BaseException:
        return None
    if not isinstance(mod, str) or not isinstance(qn, str) or "<" in qn:
        return None
    return mod + "." + qn


def reaches(dotted, obj):
    """Whether the dotted module.qualname path really leads to obj."""
    for i in range(dotted.count(".") + 1, 0, -1):
        parts = dotted.split(".")
        mod = sys.modules.get(".".join(parts[:i]))
        if mod is None:
            continue
        cur = mod
        try:
            for p in parts[i:]:
                cur = getattr(cur, p)
        except BaseException:
            return False
        # Bound methods (tarfile.open is TarFile.open bound to the class)
        # are created afresh on every attribute access: compare by value.
        return cur is obj or (isinstance(obj, types.MethodType) and cur == obj)
    return False


_LITERALS = (type(None), bool, int, float, str, bytes)


def default_text(value):
    """A deterministic spelling of a default: the repr of short literals,
    "..." for anything else (object reprs hold memory addresses)."""
    if isinstance(value, _LITERALS):
        try:
            r = repr(value)
        except BaseException:
            return "..."
        if len(r) <= 60:
            return r
    return "..."


def params_of(obj, drop_first=False):
    """The parameters of obj as [{"name","kind","default"?}], or None when
    inspect cannot tell. kind is inspect.Parameter.kind as an int (0
    positional-only ... 4 var-keyword)."""
    try:
        sig = inspect.signature(obj)
    except BaseException:
        return None
    out = []
    try:
        for p in sig.parameters.values():
            d = {"name": p.name, "kind": int(p.kind)}
            if p.default is not p.empty:
                d["default"] = default_text(p.default)
            out.append(d)
    except BaseException:
        return None
    if drop_first and out and out[0]["kind"] in (0, 1):
        out = out[1:]
    return out


def code_location(func):
    code = getattr(func, "__code__", None)
    if code is None:
        return "", 0
    return repo_path(code.co_filename), code.co_firstlineno


def member_kind(raw):
    if isinstance(raw, staticmethod):
        return "staticmethod"
    if isinstance(raw, classmethod) or type(raw).__name__ == "classmethod_descriptor":
        return "classmethod"
    if isinstance(raw, type):
        return "class"
    if isinstance(raw, types.BuiltinFunctionType):
        return "staticmethod"  # a builtin in a class dict does not bind
    if isinstance(raw, (types.FunctionType, types.MethodType)) or inspect.ismethoddescriptor(raw):
        return "method"
    if isinstance(raw, property) or inspect.isdatadescriptor(raw) \
            or type(raw).__name__ in ("cached_property", "DynamicClassAttribute"):
        return "property"
    return "attribute"


def describe_member(cls, name, raw, own):
    kind = member_kind(raw)
    rec = {"name": name, "kind": kind}
    if not own:
        return rec
    rec["own"] = True
    params = None
    func = None
    if kind == "method":
        params = params_of(raw, drop_first=True)
        func = raw
        if type(raw).__name__ == "wrapper_descriptor" and params is not None \
                and [x["kind"] for x in params] == [2, 4]:
            # A C slot (__init__ of a C type) only says (*args, **kwargs):
            # that is no signature, and the class's own is recorded instead.
            params = None
    elif kind == "classmethod":
        try:
            params = params_of(getattr(cls, name))  # bound: cls is gone
        except BaseException:
            params = None
        func = getattr(raw, "__func__", None)
    elif kind == "staticmethod":
        func = getattr(raw, "__func__", raw)
        params = params_of(func)
    if params is not None:
        rec["params"] = params
    if isinstance(func, types.FunctionType):
        rec["file"], rec["line"] = code_location(func)
    return rec


def describe_class(cls, rec):
    bases = []
    for b in getattr(cls, "__bases__", ()):
        n = dotted_name(b)
        if n:
            bases.append(n)
    rec["bases"] = bases
    p = params_of(cls)
    if p is not None:
        rec["params"] = p
    try:
        own = cls.__dict__
        mro = cls.__mro__
        names = sorted(dir(cls))
    except BaseException as e:
        rec["error"] = "dir: %s" % type(e).__name__
        return
    members = []
    for m in names:
        if not isinstance(m, str):
            continue
        try:
            if m in own:
                members.append(describe_member(cls, m, own[m], True))
                continue
            owner = None
            for k in mro[1:]:
                if m in k.__dict__:
                    owner = k
                    break
            if owner is None:
                raw = getattr(cls, m)
                members.append({"name": m, "kind": member_kind(raw)})
                continue
            d = describe_member(owner, m, owner.__dict__[m], False)
            o = dotted_name(owner)
            if o:
                d["from"] = o
            members.append(d)
        except Timeout:
            raise
        except BaseException:
            members.append({"name": m, "kind": "attribute"})
    rec["members"] = members


def describe_value(modname, attr, val):
    rec = {"name": attr}
    if isinstance(val, types.ModuleType):
        rec["kind"] = "module"
        n = getattr(val, "__name__", None)
        if isinstance(n, str):
            rec["target"] = n
        return rec
    path = modname + "." + attr
    if isinstance(val, type):
        rec["kind"] = "class"
        d = dotted_name(val)
        if d and d != path and reaches(d, val):
            rec["defined_in"] = d
        describe_class(val, rec)
        return rec
    if inspect.isroutine(val):
        rec["kind"] = "function"
        d = dotted_name(val)
        if d and d != path and reaches(d, val):
            rec["defined_in"] = d
        p = params_of(val)
        if p is not None:
            rec["params"] = p
        if isinstance(val, types.FunctionType):
            rec["file"], rec["line"] = code_location(val)
        return rec
    rec["kind"] = "other"
    return rec


def describe_module(name, mod, rec):
    rec["file"] = repo_path(getattr(mod, "__file__", None))
    if hasattr(mod, "__path__"):
        rec["package"] = True
    a = getattr(mod, "__all__", None)
    if isinstance(a, (list, tuple)) and all(isinstance(x, str) for x in a):
        rec["all"] = list(a)
    names = []
    for attr in sorted(dir(mod)):
        if not isinstance(attr, str):
            continue
        try:
            val = getattr(mod, attr)
            names.append(describe_value(name, attr, val))
        except Timeout:
            raise
        except BaseException as e:
            names.append({"name": attr, "kind": "other", "error": type(e).__name__})
    rec["names"] = names


# ---------------------------------------------------------------- main

def main(argv):
    only = None
    timeout = 10
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--modules" and i + 1 < len(argv):
            only = [m for m in argv[i + 1].split(",") if m]
            i += 2
        elif a == "--timeout" and i + 1 < len(argv):
            timeout = int(argv[i + 1])
            i += 2
        else:
            log("unknown argument %r" % a)
            return 2

    # Our protocol owns the real stdout; anything a module prints while
    # importing goes to stderr instead. Nothing may read the terminal.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    out = os.fdopen(out_fd, "w", encoding="utf-8")
    sys.stdout = sys.stderr
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        sys.stdin = open(os.devnull)
    except OSError:
        pass
    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        os.environ.pop(var, None)
    warnings.simplefilter("ignore")
    sys.dont_write_bytecode = True
    stdlib_only()

    def emit(obj):
        out.write(json.dumps(obj, separators=(",", ":")) + "\n")
        out.flush()

    vi = sys.version_info
    version = "%d.%d.%d" % (vi[0], vi[1], vi[2])
    if vi[3] != "final":
        version += {"alpha": "a", "beta": "b", "candidate": "rc"}.get(vi[3], vi[3]) + str(vi[4])
    emit({"type": "header", "version": version, "implementation": sys.implementation.name,
          "platform": sys.platform, "stdlib": STDLIB})

    if only is not None:
        queue = sorted(set(only))
        walk = False
    else:
        queue = sorted(n for n in top_level_names() if not skipped(n))
        walk = True
    heapq.heapify(queue)
    seen = set(queue)
    stdlib_tops = set(n.split(".")[0] for n in queue)
    # Module objects reached as attributes but never importable by their
    # name through the file system (pyexpat.errors, sys.monitoring): they
    # are described from the object itself.
    pending = {}
    count = 0
    while queue:
        name = heapq.heappop(queue)
        rec = {"type": "module", "name": name}
        mod = None
        started = time.time()
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(timeout)
        try:
            try:
                if name in pending:
                    mod = pending.pop(name)
                else:
                    mod = importlib.import_module(name)
            finally:
                signal.alarm(0)
        except Timeout:
            rec["import_error"] = "timeout: import took more than %ds" % timeout
        except BaseException as e:
            msg = "%s: %s" % (type(e).__name__, e)
            if "\n" in msg or len(msg) > 300:
                log("%s: %s" % (name, msg))  # the whole story, once
                msg = msg.split("\n")[0][:300]
            rec["import_error"] = msg
            if isinstance(e, ImportError) and getattr(e, "name", None) == name:
                rec["not_found"] = True
        if mod is not None:
            signal.alarm(timeout)
            try:
                try:
                    describe_module(name, mod, rec)
                finally:
                    signal.alarm(0)
            except Timeout:
                rec["describe_error"] = "timeout: describing took more than %ds" % timeout
            except BaseException as e:
                rec["describe_error"] = "%s: %s" % (type(e).__name__, e)
            if walk:
                for sub in submodules(mod):
                    if sub not in seen and not skipped(sub):
                        seen.add(sub)
                        heapq.heappush(queue, sub)
                for n in rec.get("names", ()):
                    target = n.get("target")
                    if n["kind"] != "module" or not target or target in seen or skipped(target):
                        continue
                    if target.split(".")[0] not in stdlib_tops:
                        continue
                    try:
                        obj = getattr(mod, n["name"])
                    except BaseException:
                        continue
                    seen.add(target)
                    pending[target] = obj
                    heapq.heappush(queue, target)
        if "import_error" in rec:
            log("%s: %s" % (name, rec["import_error"]))
        took = time.time() - started
        if took > 2:
            log("%s: slow: %.1fs" % (name, took))
        emit(rec)
        count += 1
    emit({"type": "end", "modules": count})
    out.close()
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    except BaseException as e:
        log("fatal: %r" % (e,))
        code = 1
    # Skip atexit handlers and non-daemon threads that imported modules
    # may have left behind.
    os._exit(code)
