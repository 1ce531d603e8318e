package extract

import "strings"

// Oracle answers the questions extraction needs about the standard
// library, from the union of all snapshots.
type Oracle interface {
	// IsModule reports whether dotted is a stdlib module in any version.
	IsModule(dotted string) bool
	// IsClass reports whether dotted is a class in any version.
	IsClass(dotted string) bool
}

// Scope is what a report's code has bound so far: import aliases and the
// classes of instances. One Scope is shared by all the code blocks and
// inline code of a report, in order, since a PoC is often split.
type Scope struct {
	// names maps a local name to the dotted stdlib name it stands for
	// (a module, a function, a class).
	names map[string]string
	// instances maps a local name to the dotted class of its value.
	instances map[string]string
	// modules lists the stdlib modules the report imports or names, for
	// resolving bare method names in prose.
	modules []string
	// shadowed holds names the report's code assigned or took as
	// parameters: they no longer stand for a module of the same name.
	shadowed map[string]bool
	// implicit lets an unbound name that is a stdlib module stand for it,
	// as prose and inline code do ("tarfile.open" without an import).
	implicit bool
	oracle   Oracle
}

// NewScope returns an empty scope.
func NewScope() *Scope {
	return &Scope{names: map[string]string{}, instances: map[string]string{}, shadowed: map[string]bool{}}
}

// lookup returns what a bare name stands for.
func (s *Scope) lookup(name string) string {
	if d, ok := s.names[name]; ok {
		return d
	}
	if s.implicit && !s.shadowed[name] && s.instances[name] == "" && s.oracle != nil && s.oracle.IsModule(name) {
		return name
	}
	return ""
}

func (s *Scope) bind(local, dotted string) {
	s.names[local] = dotted
	delete(s.instances, local)
	delete(s.shadowed, local)
}

func (s *Scope) bindInstance(local, class string) {
	s.instances[local] = class
	delete(s.names, local)
}

func (s *Scope) unbind(local string) {
	delete(s.names, local)
	delete(s.instances, local)
	s.shadowed[local] = true
}

func (s *Scope) noteModule(m string) {
	for _, x := range s.modules {
		if x == m {
			return
		}
	}
	s.modules = append(s.modules, m)
}

// Modules returns the stdlib modules the report has named so far.
func (s *Scope) Modules() []string { return s.modules }

// factories maps stdlib callables that return an instance of a class other
// than themselves to that class. Classes called directly need no entry.
var factories = map[string]string{
	"tarfile.open":                                 "tarfile.TarFile",
	"tarfile.TarFile.open":                         "tarfile.TarFile",
	"ssl.create_default_context":                   "ssl.SSLContext",
	"ssl.SSLContext.wrap_socket":                   "ssl.SSLSocket",
	"email.message_from_string":                    "email.message.Message",
	"email.message_from_bytes":                     "email.message.Message",
	"email.message_from_file":                      "email.message.Message",
	"email.message_from_binary_file":               "email.message.Message",
	"email.parser.Parser.parsestr":                 "email.message.Message",
	"email.parser.BytesParser.parsebytes":          "email.message.Message",
	"urllib.parse.urlparse":                        "urllib.parse.ParseResult",
	"urllib.parse.urlsplit":                        "urllib.parse.SplitResult",
	"urllib.parse.urldefrag":                       "urllib.parse.DefragResult",
	"urllib.request.urlopen":                       "http.client.HTTPResponse",
	"http.client.HTTPConnection.getresponse":       "http.client.HTTPResponse",
	"http.client.HTTPSConnection.getresponse":      "http.client.HTTPResponse",
	"socket.create_connection":                     "socket.socket",
	"socket.create_server":                         "socket.socket",
	"socket.fromfd":                                "socket.socket",
	"socket.socket.accept":                         "",
	"asyncio.get_running_loop":                     "asyncio.AbstractEventLoop",
	"asyncio.get_event_loop":                       "asyncio.AbstractEventLoop",
	"asyncio.new_event_loop":                       "asyncio.AbstractEventLoop",
	"asyncio.AbstractEventLoop.create_server":      "asyncio.Server",
	"subprocess.run":                               "subprocess.CompletedProcess",
	"zipfile.ZipFile.open":                         "zipfile.ZipExtFile",
	"zipfile.ZipFile.getinfo":                      "zipfile.ZipInfo",
	"tarfile.TarFile.getmember":                    "tarfile.TarInfo",
	"tarfile.TarFile.next":                         "tarfile.TarInfo",
	"tarfile.TarFile.extractfile":                  "io.BufferedReader",
	"xml.etree.ElementTree.parse":                  "xml.etree.ElementTree.ElementTree",
	"xml.etree.ElementTree.fromstring":             "xml.etree.ElementTree.Element",
	"xml.etree.ElementTree.XML":                    "xml.etree.ElementTree.Element",
	"xml.etree.ElementTree.ElementTree.getroot":    "xml.etree.ElementTree.Element",
	"xml.dom.minidom.parseString":                  "xml.dom.minidom.Document",
	"xml.dom.minidom.parse":                        "xml.dom.minidom.Document",
	"sqlite3.connect":                              "sqlite3.Connection",
	"sqlite3.Connection.cursor":                    "sqlite3.Cursor",
	"sqlite3.Connection.execute":                   "sqlite3.Cursor",
	"re.compile":                                   "re.Pattern",
	"re.match":                                     "re.Match",
	"re.search":                                    "re.Match",
	"re.fullmatch":                                 "re.Match",
	"re.Pattern.match":                             "re.Match",
	"re.Pattern.search":                            "re.Match",
	"re.Pattern.fullmatch":                         "re.Match",
	"logging.getLogger":                            "logging.Logger",
	"hashlib.new":                                  "",
	"mmap.mmap":                                    "mmap.mmap",
	"select.poll":                                  "",
	"selectors.DefaultSelector":                    "selectors.BaseSelector",
	"multiprocessing.Pool":                         "multiprocessing.pool.Pool",
	"multiprocessing.Queue":                        "",
	"threading.Thread":                             "threading.Thread",
	"concurrent.futures.ThreadPoolExecutor.submit": "concurrent.futures.Future",
	"shelve.open":                                  "shelve.Shelf",
	"dbm.open":                                     "",
	"gzip.open":                                    "gzip.GzipFile",
	"bz2.open":                                     "bz2.BZ2File",
	"lzma.open":                                    "lzma.LZMAFile",
	"codecs.open":                                  "codecs.StreamReaderWriter",
	"wave.open":                                    "",
	"ipaddress.ip_address":                         "",
	"ipaddress.ip_network":                         "",
	"plistlib.loads":                               "",
	"pathlib.Path.open":                            "",
	"imaplib.IMAP4.select":                         "",
	"ftplib.FTP.login":                             "",
	"smtplib.SMTP.ehlo":                            "",
}

// callbackParams gives the class of a parameter of a method a report
// defines when it overrides a documented callback: asyncio passes a
// transport to connection_made.
var callbackParams = map[string]map[string]string{
	"asyncio.Protocol.connection_made":           {"transport": "asyncio.WriteTransport"},
	"asyncio.BaseProtocol.connection_made":       {"transport": "asyncio.WriteTransport"},
	"asyncio.BufferedProtocol.connection_made":   {"transport": "asyncio.WriteTransport"},
	"asyncio.DatagramProtocol.connection_made":   {"transport": "asyncio.DatagramTransport"},
	"asyncio.SubprocessProtocol.connection_made": {"transport": "asyncio.SubprocessTransport"},
}

// returnClass is the class of the value a call of dotted returns, or "".
func returnClass(dotted string, o Oracle) string {
	if c, ok := factories[dotted]; ok {
		return c
	}
	if o != nil && o.IsClass(dotted) {
		return dotted
	}
	return ""
}

// rootModule returns the top-level module of a dotted name.
func rootModule(dotted string) string {
	root, _, _ := strings.Cut(dotted, ".")
	return root
}
