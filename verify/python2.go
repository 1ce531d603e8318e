package verify

import (
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// python2Modules are Python 2.7 standard library modules that Python 3
// renamed or removed. Advisories that cover 2.7 cite them; with no Python 2
// snapshot, such a name is unknown rather than hallucinated.
var python2Modules = map[string]bool{
	"urllib2": true, "urlparse": true, "httplib": true, "cPickle": true, "cStringIO": true, "StringIO": true,
	"DocXMLRPCServer": true, "SimpleXMLRPCServer": true, "SimpleHTTPServer": true, "BaseHTTPServer": true,
	"CGIHTTPServer": true, "Cookie": true, "cookielib": true, "ConfigParser": true, "Queue": true,
	"SocketServer": true, "HTMLParser": true, "htmlentitydefs": true, "xmlrpclib": true, "commands": true,
	"thread": true, "dummy_thread": true, "md5": true, "sha": true, "sets": true, "mimetools": true,
	"rfc822": true, "robotparser": true, "anydbm": true, "dbhash": true, "dumbdbm": true, "gdbm": true,
	"whichdb": true, "Tkinter": true, "tkMessageBox": true, "UserDict": true, "UserList": true,
	"UserString": true, "copy_reg": true, "repr": true, "__builtin__": true, "exceptions": true,
	"new": true, "popen2": true, "posixfile": true, "mhlib": true, "MimeWriter": true, "mimify": true,
	"multifile": true, "htmllib": true, "sgmllib": true, "urllib.urlopen": true, "imputil": true,
	"audiodev": true, "Bastion": true, "rexec": true, "statvfs": true, "dircache": true, "fpformat": true,
	"user": true, "compiler": true, "hotshot": true, "bsddb": true, "ihooks": true, "toaiff": true,
}

// python2Attributes are names of modules that exist in both lines but
// only had these members in Python 2.
var python2Attributes = map[string]bool{
	"urllib.urlopen": true, "urllib.urlretrieve": true, "urllib.quote": true, "urllib.unquote": true,
	"urllib.quote_plus": true, "urllib.unquote_plus": true, "urllib.urlencode": true, "urllib.pathname2url": true,
	"urllib.url2pathname": true, "urllib.URLopener": true, "urllib.FancyURLopener": true, "urllib.splittype": true,
	"urllib.splithost": true, "urllib.splitport": true, "string.letters": true, "string.lowercase": true,
	"string.uppercase": true, "string.maketrans": true, "os.getcwdu": true, "itertools.izip": true,
	"itertools.imap": true, "itertools.ifilter": true, "sys.maxint": true, "sys.exc_clear": true,
	"sys.setdefaultencoding": true, "os.popen2": true, "os.popen3": true,
}

// python2Name reports whether a reference is a Python 2 name, with a note.
func python2Name(ref *report.Reference) (string, bool) {
	switch ref.Kind {
	case report.RefModule, report.RefAttribute, report.RefParameter:
		sym := ref.Symbol
		if ref.Kind == report.RefParameter {
			sym = ref.Callee
		}
		if python2Modules[rootOf(sym)] || python2Attributes[sym] {
			return "a Python 2 name; pyrefcheck has no Python 2 snapshot", true
		}
		for a := range python2Attributes {
			if strings.HasPrefix(sym, a+".") {
				return "a Python 2 name; pyrefcheck has no Python 2 snapshot", true
			}
		}
	case report.RefPath:
		if mod, ok := strings.CutPrefix(ref.Symbol, "Lib/"); ok {
			mod = strings.TrimSuffix(mod, ".py")
			if python2Modules[strings.ReplaceAll(mod, "/", ".")] {
				return "a Python 2 file; pyrefcheck has no Python 2 snapshot", true
			}
		}
	}
	return "", false
}
