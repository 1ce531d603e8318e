package pysrc

import (
	_ "github.com/pyrefcheck/pyrefcheck/index/tsfast" // libc allocation: a third off every parse

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// grammar holds the numeric node-kind and field ids of tree-sitter-python.
// Comparing ids avoids the C-string conversion of Node.Kind and the
// allocation of Node.ChildByFieldName on every visited node.
type grammar struct {
	lang *sitter.Language

	errorKind uint16

	aliasedImport, argumentList, assignment, attribute, augmentedAssignment,
	binaryOperator, block, call, caseClause, classDefinition, comment,
	concatenatedString, decoratedDefinition, decorator, defaultParameter,
	deleteStatement, dictionary, dictionarySplat, dictionarySplatPattern,
	dottedName, elifClause, elseClause, exceptClause, exceptGroupClause,
	expressionList, expressionStatement, finallyClause, forStatement,
	functionDefinition, futureImportStatement, genericType, identifier,
	ifStatement, importFromStatement, importPrefix, importStatement,
	keywordArgument, keywordSeparator, list, listPattern, listSplat,
	listSplatPattern, matchStatement, pair, parenthesizedExpression,
	patternList, positionalSeparator, relativeImport, set, str, subscript,
	tryStatement, tuple, tuplePattern, typeAliasStatement, typeNode, typeParameter,
	typedDefaultParameter, typedParameter, whileStatement, wildcardImport,
	withStatement uint16

	fAlias, fAlternative, fArguments, fAttribute, fBody, fCondition,
	fConsequence, fDefinition, fFunction, fKey, fLeft, fModuleName, fName,
	fObject, fOperator, fParameters, fRight, fSubscript, fSuperclasses,
	fValue uint16
}

func newGrammar() *grammar {
	lang := sitter.NewLanguage(tspython.Language())
	g := &grammar{lang: lang}
	kind := func(name string) uint16 { return lang.IdForNodeKind(name, true) }
	field := lang.FieldIdForName
	g.errorKind = kind("ERROR")

	g.aliasedImport = kind("aliased_import")
	g.argumentList = kind("argument_list")
	g.assignment = kind("assignment")
	g.attribute = kind("attribute")
	g.augmentedAssignment = kind("augmented_assignment")
	g.binaryOperator = kind("binary_operator")
	g.block = kind("block")
	g.call = kind("call")
	g.caseClause = kind("case_clause")
	g.classDefinition = kind("class_definition")
	g.comment = kind("comment")
	g.concatenatedString = kind("concatenated_string")
	g.decoratedDefinition = kind("decorated_definition")
	g.decorator = kind("decorator")
	g.defaultParameter = kind("default_parameter")
	g.deleteStatement = kind("delete_statement")
	g.dictionary = kind("dictionary")
	g.dictionarySplat = kind("dictionary_splat")
	g.dictionarySplatPattern = kind("dictionary_splat_pattern")
	g.dottedName = kind("dotted_name")
	g.elifClause = kind("elif_clause")
	g.elseClause = kind("else_clause")
	g.exceptClause = kind("except_clause")
	g.exceptGroupClause = kind("except_group_clause")
	g.expressionList = kind("expression_list")
	g.expressionStatement = kind("expression_statement")
	g.finallyClause = kind("finally_clause")
	g.forStatement = kind("for_statement")
	g.functionDefinition = kind("function_definition")
	g.futureImportStatement = kind("future_import_statement")
	g.genericType = kind("generic_type")
	g.identifier = kind("identifier")
	g.ifStatement = kind("if_statement")
	g.importFromStatement = kind("import_from_statement")
	g.importPrefix = kind("import_prefix")
	g.importStatement = kind("import_statement")
	g.keywordArgument = kind("keyword_argument")
	g.keywordSeparator = kind("keyword_separator")
	g.list = kind("list")
	g.listPattern = kind("list_pattern")
	g.listSplat = kind("list_splat")
	g.listSplatPattern = kind("list_splat_pattern")
	g.matchStatement = kind("match_statement")
	g.pair = kind("pair")
	g.parenthesizedExpression = kind("parenthesized_expression")
	g.patternList = kind("pattern_list")
	g.positionalSeparator = kind("positional_separator")
	g.relativeImport = kind("relative_import")
	g.set = kind("set")
	g.str = kind("string")
	g.subscript = kind("subscript")
	g.tryStatement = kind("try_statement")
	g.tuple = kind("tuple")
	g.tuplePattern = kind("tuple_pattern")
	g.typeAliasStatement = kind("type_alias_statement")
	g.typeNode = kind("type")
	g.typeParameter = kind("type_parameter")
	g.typedDefaultParameter = kind("typed_default_parameter")
	g.typedParameter = kind("typed_parameter")
	g.whileStatement = kind("while_statement")
	g.wildcardImport = kind("wildcard_import")
	g.withStatement = kind("with_statement")

	g.fAlias = field("alias")
	g.fAlternative = field("alternative")
	g.fArguments = field("arguments")
	g.fAttribute = field("attribute")
	g.fBody = field("body")
	g.fCondition = field("condition")
	g.fConsequence = field("consequence")
	g.fDefinition = field("definition")
	g.fFunction = field("function")
	g.fKey = field("key")
	g.fLeft = field("left")
	g.fModuleName = field("module_name")
	g.fName = field("name")
	g.fObject = field("object")
	g.fOperator = field("operator")
	g.fParameters = field("parameters")
	g.fRight = field("right")
	g.fSubscript = field("subscript")
	g.fSuperclasses = field("superclasses")
	g.fValue = field("value")
	return g
}

// newParser returns a parser for Python; the caller closes it.
func (g *grammar) newParser() (*sitter.Parser, error) {
	p := sitter.NewParser()
	if err := p.SetLanguage(g.lang); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}
