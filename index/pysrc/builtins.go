package pysrc

import "strings"

// builtinClasses are the classes of the builtins module (the union over
// supported versions, plus WindowsError). A base class name that a module
// does not bind is looked up here.
var builtinClasses = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`
		ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
		BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
		ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
		DeprecationWarning EOFError EncodingWarning EnvironmentError Exception ExceptionGroup
		FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit
		IOError ImportError ImportWarning IndentationError IndexError InterruptedError
		IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
		ModuleNotFoundError NameError NotADirectoryError NotImplementedError OSError
		OverflowError PendingDeprecationWarning PermissionError ProcessLookupError
		PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError
		RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning
		SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError
		UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError
		UnicodeWarning UserWarning ValueError Warning WindowsError ZeroDivisionError
		bool bytearray bytes classmethod complex dict enumerate filter float frozenset
		int list map memoryview object property range reversed set slice staticmethod
		str super tuple type zip`) {
		m[n] = true
	}
	return m
}()
