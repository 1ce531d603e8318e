package pysrc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// indexSources writes files (relative to Lib/) into a temporary tree and
// indexes it.
func indexSources(t *testing.T, files map[string]string) (*snapshot.Tree, Stats) {
	t.Helper()
	lib := filepath.Join(t.TempDir(), "Lib")
	for rel, src := range files {
		path := filepath.Join(lib, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tree := snapshot.NewTree("3.99", "")
	st, err := Index(tree, lib, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tree, st
}

// checkNodes compares each dotted name's description (kind, flags,
// bases, target, params; see describeNode) with want; "" means absent.
func checkNodes(t *testing.T, tree *snapshot.Tree, want map[string]string) {
	t.Helper()
	for dotted, w := range want {
		got := ""
		if n := tree.Lookup(dotted); n != nil {
			got = describeNode(n, false)
		}
		if got != w {
			t.Errorf("%s:\n got %q\nwant %q", dotted, got, w)
		}
	}
}

func TestIndexCases(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  map[string]string
	}{
		{
			name: "parameter kinds",
			files: map[string]string{"m.py": `
def f(a, b: int, /, c=1, d: str = "x", *args, e, f: int = 2, **kw): pass
def g(a, *, b): pass
def h(*args: int, **kwargs: str): pass
def multi(x=(1,
             2)): pass
async def co(loop=None): pass
`},
			want: map[string]string{
				"m.f":     `function [] (a, b, /, c=1, d="x", *args, e, f=2, **kw)`,
				"m.g":     `function [] (a, *, b)`,
				"m.h":     `function [] (*args, **kwargs)`,
				"m.multi": `function [] (x=(1, 2))`,
				"m.co":    `function [] (loop=None)`,
			},
		},
		{
			name: "methods drop the bound parameter",
			files: map[string]string{"m.py": `
class C:
    def m(self, a): pass
    def pos(self, /, a): pass
    def star(*args): pass
    @staticmethod
    def s(a, b): pass
    @classmethod
    def k(cls, a): pass
    @property
    def p(self): return 1
    @p.setter
    def p(self, v): self._p = v
    def __new__(cls, *args): pass
    @typing.overload
    def o(self, a: int): ...
    def o(self, a, b=None): pass
`},
			want: map[string]string{
				"m.C.m":       "method [] (a)",
				"m.C.pos":     "method [] (a)",
				"m.C.star":    "method [] (*args)",
				"m.C.s":       "method [] (a, b)",
				"m.C.k":       "method [] (a)",
				"m.C.p":       "property []",
				"m.C._p":      "attribute [private]",
				"m.C.__new__": "method [] (*args)",
				"m.C.o":       "method [] (a, b=None)",
			},
		},
		{
			name: "module functions stored in a class body are bound",
			files: map[string]string{
				"helpers.py": "def walk(self): pass\ndef _shim(self, fullname): pass\ndef free(*args): pass\n",
				"m.py": `
import helpers
from helpers import free as loose
class C:
    from helpers import walk
    find = helpers._shim
    star = loose
    length = len
    def own(self, a): pass
    again = own
`},
			want: map[string]string{
				"m.C.walk":   "method [] ()",
				"m.C.find":   "method [] (fullname)",
				"m.C.star":   "method [] (*args)",
				"m.C.length": "attribute []",
				"m.C.again":  "alias [] -> m.C.own",
				"m.loose":    "alias [private] -> helpers.free",
			},
		},
		{
			name: "a builtin shadowed on one platform stays a base elsewhere",
			files: map[string]string{"m.py": `
import sys
if sys.platform[:4] == "java":
    from java.lang import Exception
class E(Exception): pass
`},
			want: map[string]string{
				"m.E": "class [] bases=builtins.Exception,java.lang.Exception",
			},
		},
		{
			name: "NamedTuple and TypedDict classes derive from tuple and dict",
			files: map[string]string{"m.py": `
import typing
from typing import TypedDict
class Pair(typing.NamedTuple):
    name: str
    value: str
class Opts(TypedDict):
    verbose: bool
`},
			want: map[string]string{
				"m.Pair":      "class [] bases=builtins.tuple",
				"m.Pair.name": "attribute []",
				"m.Opts":      "class [] bases=builtins.dict",
			},
		},
		{
			name: "@_simple_enum(Base) makes the class derive from Base",
			files: map[string]string{
				"en.py": "class StrEnum(str): pass\nclass IntFlag(int): pass\ndef _simple_enum(etype=None, *, boundary=None): pass\n",
				"m.py": `
import en
from en import _simple_enum, StrEnum
@_simple_enum(StrEnum)
class Check:
    UNIQUE = "one name per value"
@en._simple_enum(en.IntFlag, boundary=None)
class Flag:
    A = 1
`},
			want: map[string]string{
				"m.Check":        "class [] bases=en.StrEnum",
				"m.Check.UNIQUE": "attribute []",
				"m.Flag":         "class [] bases=en.IntFlag",
			},
		},
		{
			name: "@global_enum exports the members to the module",
			files: map[string]string{
				"en.py": "class IntFlag(int): pass\ndef _simple_enum(etype=None, *, boundary=None): pass\ndef global_enum(cls): return cls\n",
				"m.py": `
import en
__all__ = ["A", "RegexFlag"]
@en.global_enum
@en._simple_enum(en.IntFlag)
class RegexFlag:
    ASCII = A = 1
    TEMPLATE = T = 2
    _private = 3
`},
			want: map[string]string{
				"m.T":        "alias [] -> m.RegexFlag.T",
				"m.TEMPLATE": "alias [] -> m.RegexFlag.TEMPLATE",
				"m.A":        "alias [] -> m.RegexFlag.A",
				"m._private": "",
			},
		},
		{
			name: "ctypes _fields_ are members; a class given to a setattr helper is open",
			files: map[string]string{"m.py": `
class Structure: pass
class RECT(Structure):
    _fields_ = [("left", int), ("top", int),
                ("right", int, 4)]
def __forward(fromClass, toClass, part):
    for method in dir(toClass):
        setattr(fromClass, method, getattr(toClass, method))
class Canvas:
    def coords(self): pass
class Scrolled:
    pass
class Plain:
    pass
__forward(Scrolled, Canvas, '_canvas')
`},
			want: map[string]string{
				"m.RECT.left":   "property []",
				"m.RECT.right":  "property []",
				"m.RECT.bottom": "",
				"m.Scrolled":    "class [open]",
				"m.Plain":       "class []",
			},
		},
		{
			name: "Klass.register('name') adds a member when register calls setattr(cls, ...)",
			files: map[string]string{"m.py": `
class Base:
    @classmethod
    def register(cls, typeid, callable=None):
        setattr(cls, typeid, callable)
    @classmethod
    def note(cls, text): pass
class Sync(Base): pass
Sync.register('Pool', list)
Sync.note('Other')
`},
			want: map[string]string{
				"m.Sync.Pool":  "attribute []",
				"m.Sync.Other": "",
			},
		},
		{
			name: "__future__ imports bind module attributes",
			files: map[string]string{
				"__future__.py": "annotations = object()\ngenerator_stop = object()\n",
				"m.py":          "from __future__ import annotations, generator_stop as gs\n",
			},
			want: map[string]string{
				"m.annotations": "alias [private] -> __future__.annotations",
				"m.gs":          "alias [private] -> __future__.generator_stop",
			},
		},
		{
			name: "opaque decorator binds an instance",
			files: map[string]string{"m.py": `
class _SpecialForm: pass
@_SpecialForm
def Any(self, parameters): pass
@functools.lru_cache(maxsize=None)
def cached(a): pass
`},
			want: map[string]string{
				"m.Any":    "attribute []",
				"m.cached": "function [] (a)",
			},
		},
		{
			name: "relative imports",
			files: map[string]string{
				"p/__init__.py":   "from .a import x\nfrom . import a\nfrom .q.b import y as z\nimport os\n",
				"p/a.py":          "from . import q\nfrom .. import p as top\nfrom ...toofar import w\nx = 1\n",
				"p/q/__init__.py": "from ..a import x\n",
				"p/q/b.py":        "from .. import a\ny = 2\n",
			},
			want: map[string]string{
				"p":       "package []",
				"p.x":     "alias [] -> p.a.x",
				"p.a":     "module []",
				"p.z":     "alias [] -> p.q.b.y",
				"p.os":    "alias [private] -> os",
				"p.a.q":   "alias [private] -> p.q",
				"p.a.top": "", // above the top-level package
				"p.a.w":   "",
				"p.q.x":   "alias [] -> p.a.x",
				"p.q.b.a": "alias [private] -> p.a",
			},
		},
		{
			name: "import binds the first component",
			files: map[string]string{"m.py": `
import xml.etree.ElementTree
import xml.dom.minidom as md
from os import path as p, sep
`},
			want: map[string]string{
				"m.xml":   "alias [private] -> xml",
				"m.md":    "alias [private] -> xml.dom.minidom",
				"m.p":     "alias [private] -> os.path",
				"m.sep":   "alias [private] -> os.sep",
				"m.etree": "",
			},
		},
		{
			name: "__all__ decides which imports are public",
			files: map[string]string{"m.py": `
from a import b, c
from d import *
__all__ = ['b', 'made']
__all__.extend(['e'])
def _helper(): pass
def visible(): pass
`,
				"d.py": "__all__ = ['e', 'f']\ne = f = 1\n"},
			want: map[string]string{
				"m.b":       "alias [] -> a.b",
				"m.c":       "alias [private] -> a.c",
				"m.e":       "alias [] -> d.e",
				"m.f":       "alias [private] -> d.f",
				"m.made":    "attribute []",
				"m._helper": "function [private] ()",
				"m.visible": "function [] ()",
			},
		},
		{
			name: "star import without __all__ takes public names, not submodules",
			files: map[string]string{
				"m.py":            "from pkg import *\n",
				"pkg/__init__.py": "import os\nfrom .sub import thing\n_hidden = 1\nshown = 2\n",
				"pkg/sub.py":      "thing = 1\n",
			},
			want: map[string]string{
				"m.shown":   "alias [] -> pkg.shown",
				"m.os":      "alias [] -> pkg.os",
				"m.thing":   "alias [] -> pkg.thing",
				"m._hidden": "",
				"m.sub":     "",
			},
		},
		{
			name: "star import cycle terminates",
			files: map[string]string{
				"a.py": "from b import *\nx = 1\n",
				"b.py": "from a import *\ny = 1\n",
			},
			want: map[string]string{
				"a.y": "alias [] -> b.y",
				"b.x": "alias [] -> a.x",
				"a":   "module []",
			},
		},
		{
			name: "star import of an alias module follows it",
			files: map[string]string{
				"m.py":  "from o.path import *\n",
				"o.py":  "import pp as path\n",
				"pp.py": "def join(a, *p): pass\n",
			},
			want: map[string]string{
				"m.join": "alias [] -> pp.join",
			},
		},
		{
			name: "bases",
			files: map[string]string{"m.py": `
import _socket
from collections import namedtuple
from typing import Generic, TypeVar
from other import *
T = TypeVar('T')
Base = namedtuple('Base', 'a b')
class S(_socket.socket): pass
class G(Generic[T], metaclass=ABCMeta): pass
class V(Base): pass
class W(*mixins): pass
class X(Exception, object): pass
class Y(Unknown): pass
class Outer:
    class Inner: pass
    class Sub(Inner): pass
`,
				"other.py": "class Unknown: pass\n"},
			want: map[string]string{
				"m.S":         "class [] bases=_socket.socket",
				"m.G":         "class [] bases=typing.Generic",
				"m.V":         "class [open] bases=m.Base",
				"m.W":         "class [open]",
				"m.X":         "class [] bases=builtins.Exception,builtins.object",
				"m.Y":         "class [] bases=other.Unknown",
				"m.Outer.Sub": "class [] bases=m.Outer.Inner",
			},
		},
		{
			name:  "a class shadowing its import subclasses the import",
			files: map[string]string{"m.py": "from base import Thing\nclass Thing(Thing): pass\n"},
			want:  map[string]string{"m.Thing": "class [] bases=base.Thing"},
		},
		{
			name: "conditional and dynamic names",
			files: map[string]string{"m.py": `
import sys
try:
    from _m import fast
except ImportError:
    fast = None
if sys.platform == "win32":
    import winreg
    ONLY_WIN = 1
elif sys.platform == "darwin":
    ONLY_MAC = 1
    BOTH = 1
else:
    BOTH = 2
with open(__file__) as fh:
    INSIDE_WITH = 1
while False:
    IN_WHILE = 1
for _k in range(3):
    IN_FOR = _k
del _k
match sys.argv:
    case []:
        IN_CASE = 1
names = ['alpha', 'beta']
for _n in names:
    globals()[_n] = _n
type Alias[T] = list[T]
a, (b, *c) = 1, (2, 3)
d = e = 4
f: int
g: int = 5
h += 1
`},
			want: map[string]string{
				"m.fast":        "alias [private] -> _m.fast",
				"m.winreg":      "alias [private,platform] -> winreg",
				"m.ONLY_WIN":    "attribute [platform]",
				"m.ONLY_MAC":    "attribute [platform]",
				"m.BOTH":        "attribute []",
				"m.INSIDE_WITH": "attribute []",
				"m.IN_WHILE":    "attribute []",
				"m.IN_FOR":      "attribute []",
				"m._k":          "",
				"m.IN_CASE":     "attribute []",
				"m.alpha":       "attribute []",
				"m.beta":        "attribute []",
				"m.Alias":       "attribute []",
				"m.a":           "attribute []",
				"m.b":           "attribute []",
				"m.c":           "attribute []",
				"m.d":           "attribute []",
				"m.e":           "attribute []",
				"m.f":           "",
				"m.g":           "attribute []",
				"m.h":           "attribute []",
				"m":             "module []",
			},
		},
		{
			name: "classes defined twice",
			files: map[string]string{"m.py": `
import os
if os.name == "nt":
    class P:
        a = 1
else:
    class P:
        b = 1
def F(): pass
class F:
    c = 1
`},
			want: map[string]string{
				"m.P":   "class []",
				"m.P.a": "attribute []",
				"m.P.b": "attribute []",
				"m.F":   "function [] ()",
				"m.F.c": "",
			},
		},
		{
			name:  "globals().update opens the module",
			files: map[string]string{"m.py": "globals().update({'a': 1})\n"},
			want:  map[string]string{"m": "module [open]"},
		},
		{
			name: "__getattr__ bound by assignment, locals() in a class body",
			files: map[string]string{"m.py": `
__getattr__ = _make_getattr()
class Delegate:
    __getattr__ = _forward
class Made:
    for _n in ('up', 'down'):
        locals()[_n] = _n
    del _n
class Hidden:
    locals()[compute()] = 1
`},
			want: map[string]string{
				"m":           "module [open]",
				"m.Delegate":  "class [open]",
				"m.Made":      "class []",
				"m.Made.up":   "attribute []",
				"m.Made.down": "attribute []",
				"m.Made._n":   "",
				"m.Hidden":    "class [open]",
			},
		},
		{
			name: "computed globals covered by a literal __all__",
			files: map[string]string{
				"turt.py": `
_moves = ['forward', 'back']
__all__ = _moves + ['Pen']
class Pen: pass
def _make(names):
    for name in names:
        exec("def %s(): pass" % name, globals())
_make(_moves)
`,
				"insp.py": `
__all__ = ['CO_NESTED']
mod_dict = globals()
for k, v in FLAGS.items():
    mod_dict["CO_" + v] = k
del k, v, mod_dict
`,
				"noall.py": "ns = globals()\nfor k in KEYS:\n    ns[k] = 1\n",
				"upd.py":   "__all__ = ['x']\ndef _fill():\n    globals().update(TABLE)\n_fill()\n",
			},
			want: map[string]string{
				"turt":           "module []",
				"turt.forward":   "attribute []",
				"turt.back":      "attribute []",
				"insp":           "module []",
				"insp.CO_NESTED": "attribute []",
				"insp.mod_dict":  "",
				"noall":          "module [open]",
				"upd":            "module [open]",
			},
		},
		{
			name:  "globals() with a computed key opens the module",
			files: map[string]string{"m.py": "for k in compute():\n    globals()[k] = 1\n"},
			want:  map[string]string{"m": "module [open]"},
		},
		{
			name: "class namespace",
			files: map[string]string{"m.py": `
class Slotted:
    __slots__ = {'a': 'doc', 'b': 'doc'}
class One:
    __slots__ = 'only'
class Dyn:
    def __getattribute__(self, name): pass
class Enumish:
    RED = 1
    GREEN: int = 2
    def __init__(self):
        self.x: int = 0
        if True:
            self.y = 1
        for self.z in []:
            pass
        self.w += 1
        other.v = 1
Enumish.added = 3
`},
			want: map[string]string{
				"m.Slotted.a":     "attribute []",
				"m.Slotted.b":     "attribute []",
				"m.One.only":      "attribute []",
				"m.Dyn":           "class [open]",
				"m.Enumish.RED":   "attribute []",
				"m.Enumish.GREEN": "attribute []",
				"m.Enumish.x":     "attribute []",
				"m.Enumish.y":     "attribute []",
				"m.Enumish.z":     "",
				"m.Enumish.w":     "",
				"m.Enumish.v":     "",
				"m.Enumish.added": "attribute []",
			},
		},
		{
			name: "value aliases and sys.modules",
			files: map[string]string{"m.py": `
import sys
import _impl as _i
class C:
    def __repr__(self): pass
    __str__ = __repr__
impl = _i
Klass = C
NotAlias = C()
sys.modules['m.sub'] = _i
`},
			want: map[string]string{
				"m.C.__str__": "alias [] -> m.C.__repr__",
				"m.impl":      "alias [] -> _impl",
				"m.Klass":     "alias [] -> m.C",
				"m.NotAlias":  "attribute []",
				"m.sub":       "alias [] -> _impl",
			},
		},
		{
			name: "enum _convert_",
			files: map[string]string{"m.py": `
from enum import IntEnum as _IntEnum
_IntEnum._convert_('Signals', __name__, lambda n: n.startswith('SIG'))
`},
			want: map[string]string{"m.Signals": "class [open] bases=enum.IntEnum"},
		},
		{
			name: "submodule wins over a package binding of the same name",
			files: map[string]string{
				"p/Sub.py":      "x = 1\n",
				"p/__init__.py": "from p.Sub import x as Sub\n",
			},
			want: map[string]string{"p.Sub": "module []"},
		},
		{
			name: "test modules keep top-level names only",
			files: map[string]string{
				"test/__init__.py":            "",
				"test/support/__init__.py":    "def helper(a): pass\n",
				"test/support/os_helper.py":   "TESTFN = 'x'\n",
				"test/test_m.py":              "import os\nX = 1\nclass T:\n    def test(self): pass\ndef f(a): pass\n",
				"idlelib/idle_test/test_x.py": "def g(): pass\n",
				"idlelib/__init__.py":         "",
			},
			want: map[string]string{
				"test.support.helper":           "function [] (a)",
				"test.support.os_helper.TESTFN": "attribute []",
				"test.test_m":                   "module [open]",
				"test.test_m.T":                 "class [open]",
				"test.test_m.T.test":            "",
				"test.test_m.f":                 "function []",
				"test.test_m.X":                 "",
				"test.test_m.os":                "",
				"idlelib.idle_test.test_x":      "module [open]",
				"idlelib.idle_test.test_x.g":    "function []",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree, _ := indexSources(t, tc.files)
			checkNodes(t, tree, tc.want)
		})
	}
}

func TestSkippedAndUnimportable(t *testing.T) {
	tree, st := indexSources(t, map[string]string{
		"site-packages/x.py": "def f(): pass\n",
		"__pycache__/y.py":   "def f(): pass\n",
		"lib-dynload/z.py":   "def f(): pass\n",
		"tools-1/gen.py":     "def run():\n    def inner(): pass\n",
		"notes.txt":          "def f(): pass\n",
		"ok.py":              "",
	})
	if st.Files != 2 {
		t.Errorf("Files = %d, want 2 (ok.py, tools-1/gen.py)", st.Files)
	}
	var paths []string
	for p := range tree.Files {
		paths = append(paths, p)
	}
	if len(paths) != 2 || tree.Files["Lib/tools-1/gen.py"] == nil {
		t.Errorf("files = %v", paths)
	}
	if got := strings.Join(tree.Files["Lib/tools-1/gen.py"].Defs, " "); got != "inner run" {
		t.Errorf("defs = %q", got)
	}
	if tree.Lookup("tools-1") != nil || tree.Lookup("x") != nil {
		t.Error("unimportable or skipped paths became modules")
	}
}

func TestSyntaxError(t *testing.T) {
	tree, st := indexSources(t, map[string]string{"m.py": `
def before(a): pass

class Broken(:
    pass

def after(b=1): pass
`})
	if st.ParseErrors != 1 || len(st.ParseErrorFiles) != 1 || st.ParseErrorFiles[0] != "Lib/m.py" {
		t.Errorf("ParseErrors = %d %v", st.ParseErrors, st.ParseErrorFiles)
	}
	checkNodes(t, tree, map[string]string{
		"m":        "module [open]",
		"m.before": "function [] (a)",
		"m.after":  "function [] (b=1)",
	})
}

// TestLinkAfterCModule runs the link phase again once a C module that a
// Python module star-imports has been added, as the build does when the C
// indexer runs after this one.
func TestLinkAfterCModule(t *testing.T) {
	tree, st := indexSources(t, map[string]string{
		"sock.py":  "from _sock import *\n__all__ = ['wrap']\n__all__.extend(_names())\ndef wrap(): pass\nclass S(socket): pass\n",
		"user.py":  "from sock import *\n",
		"stats.py": "from _stats import *\n",
	})
	checkNodes(t, tree, map[string]string{
		"sock":        "module [open]",
		"user":        "module [open]",
		"sock.S":      "class [open]",
		"user.wrap":   "alias [] -> sock.wrap",
		"sock.socket": "",
	})
	if got := strings.Join(st.Link.Unresolved, "; "); got != "sock: from _sock import *; stats: from _stats import *" {
		t.Errorf("Unresolved = %q", got)
	}

	c := snapshot.Fact{Evidence: snapshot.FromCSource, File: "Modules/sockmodule.c"}
	c.Kind = snapshot.KindModule
	tree.Add("_sock", c)
	c.Kind = snapshot.KindClass
	tree.Add("_sock.socket", c)
	c.Kind = snapshot.KindFunction
	tree.Add("_sock.getaddrinfo", c)
	tree.Add("_sock._private", c)

	for run := 0; run < 2; run++ {
		ls := LinkStarImports(tree, st.Links)
		checkNodes(t, tree, map[string]string{
			"sock":             "module []",
			"user":             "module []",
			"stats":            "module [open]",
			"sock.socket":      "alias [] -> _sock.socket",
			"sock.getaddrinfo": "alias [] -> _sock.getaddrinfo",
			"sock._private":    "",
			"sock.S":           "class [] bases=_sock.socket",
			"user.socket":      "alias [] -> sock.socket",
		})
		if run == 1 && (ls.Aliases != 0 || ls.Placeholders != 0) {
			t.Errorf("second run added %d aliases, %d placeholders; want none", ls.Aliases, ls.Placeholders)
		}
	}
}

// TestConvertSource: an enum _convert_ with source= copies the names its
// filter selects from the source module.
func TestConvertSource(t *testing.T) {
	tree, st := indexSources(t, map[string]string{"tls.py": `
import _tls
from enum import IntFlag as _IntFlag
_IntFlag._convert_('Options', __name__,
    lambda name: name.startswith('OP_') or name in ('VERSION', 'MODE'), source=_tls)
_IntFlag._convert_('Unread', __name__, _is_wanted, source=_tls)
`})
	checkNodes(t, tree, map[string]string{"tls": "module [open]", "tls.Options": "class [open] bases=enum.IntFlag"})
	tree, st = indexSources(t, map[string]string{"tls.py": `
import _tls
from enum import IntFlag as _IntFlag
_IntFlag._convert_('Options', __name__,
    lambda name: name.startswith('OP_') or name in ('VERSION', 'MODE'), source=_tls)
`})
	checkNodes(t, tree, map[string]string{"tls": "module [open]"})
	for _, name := range []string{"_tls", "_tls.OP_ALL", "_tls.VERSION", "_tls.other"} {
		tree.Add(name, snapshot.Fact{Kind: snapshot.KindAttribute, Evidence: snapshot.FromCSource})
	}
	LinkStarImports(tree, st.Links)
	checkNodes(t, tree, map[string]string{
		"tls":         "module []",
		"tls.OP_ALL":  "alias [] -> _tls.OP_ALL",
		"tls.VERSION": "alias [] -> _tls.VERSION",
		"tls.other":   "",
	})
}

// TestLinkKeepsForeignOpen: a FlagOpen another source set is not the link
// phase's to withdraw.
func TestLinkKeepsForeignOpen(t *testing.T) {
	tree, st := indexSources(t, map[string]string{
		"m.py": "from _c import *\ndef __getattr__(name): pass\n",
	})
	tree.Add("_c", snapshot.Fact{Kind: snapshot.KindModule, Evidence: snapshot.FromCSource})
	LinkStarImports(tree, st.Links)
	checkNodes(t, tree, map[string]string{"m": "module [open]"})
}

func TestFormatParams(t *testing.T) {
	P := func(name string, k snapshot.ParamKind, def string) snapshot.Param {
		return snapshot.Param{Name: name, Kind: k, Default: def}
	}
	for _, tc := range []struct {
		params []snapshot.Param
		want   string
	}{
		{nil, "()"},
		{[]snapshot.Param{P("a", snapshot.ParamPositionalOnly, ""), P("b", snapshot.ParamNormal, "1")}, "(a, /, b=1)"},
		{[]snapshot.Param{P("a", snapshot.ParamKeywordOnly, "")}, "(*, a)"},
		{[]snapshot.Param{P("a", snapshot.ParamVarArgs, ""), P("b", snapshot.ParamKeywordOnly, ""), P("c", snapshot.ParamVarKeywords, "")}, "(*a, b, **c)"},
		{[]snapshot.Param{P("a", snapshot.ParamPositionalOnly, "")}, "(a, /)"},
	} {
		if got := snapshot.FormatParams(tc.params); got != tc.want {
			t.Errorf("snapshot.FormatParams(%v) = %q, want %q", tc.params, got, tc.want)
		}
	}
}
