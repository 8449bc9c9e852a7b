// exectests translates Go's own text/template execTests table ($GOROOT/src/text/template/
// exec_test.go) into the differential suite's corpus: one JSON entry per case with the
// template, its data as JSON, or the reason the case cannot run over JSON data.
//
// Usage: go run ./exectests > corpus/go-exec-tests.json
// (from hack/gotemplate). The expected outputs in the table are not copied: the suite asks
// real Go for them, over the same JSON data ARKONIS templates see.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// tValJSON is tVal reduced to its fields that JSON can hold (encoding/json's view of them);
// nil slices and maps are written empty, as they print in Go.
var tValJSON = map[string]any{
	"True": true, "I": 17, "U16": 16, "X": "x", "S": "xyz", "FloatZero": 0.0,
	"U": map[string]any{"V": "v"}, "SI": []int{3, 4, 5}, "SICap": []int{0, 0, 0, 0, 0},
	"SIEmpty": []int{}, "SB": []bool{true, false}, "AI": []int{3, 4, 5},
	"MSI": map[string]int{"one": 1, "two": 2, "three": 3}, "MSIone": map[string]int{"one": 1},
	"MSIEmpty": map[string]int{},
	"SMSI":     []map[string]int{{"one": 1, "two": 2}, {"eleven": 11, "twelve": 12}},
	"Empty0":   nil, "Empty1": 3, "Empty2": "empty2", "Empty3": []int{7, 8},
	"Empty4": map[string]any{"V": "UinEmpty"},
}

// Names a JSON translation keeps besides tVal's own fields: nested fields and map keys.
var jsonNames = []string{"V", "one", "two", "three", "eleven", "twelve"}

// Functions of the test's FuncMap that Go + Sprig also define the same way.
var sameAsSprig = map[string]bool{"typeOf": true, "add": true}

type entry struct {
	Name     string `json:"name"`
	Template string `json:"template,omitempty"`
	Data     any    `json:"data"`
	Skip     string `json:"skip,omitempty"`
}

type corpus struct {
	Source string  `json:"source"`
	Cases  []entry `json:"cases"`
}

func main() {
	file := filepath.Join(runtime.GOROOT(), "src", "text", "template", "exec_test.go")
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		fail(err)
	}
	methods, funcs := methodsAndTestFuncs(f)
	known := map[string]bool{}
	for k := range tValJSON {
		known[k] = true
	}
	for _, n := range jsonNames {
		known[n] = true
	}
	out := corpus{Source: "Go " + runtime.Version() + " src/text/template/exec_test.go execTests"}
	for _, lit := range execTestLits(f) {
		out.Cases = append(out.Cases, translate(lit, known, methods, funcs))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "exectests:", err)
	os.Exit(1)
}

// methodsAndTestFuncs collects every method name declared in the file and the keys of
// testExecute's FuncMap.
func methodsAndTestFuncs(f *ast.File) (methods, funcs map[string]bool) {
	methods, funcs = map[string]bool{}, map[string]bool{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if fd.Recv != nil {
			methods[fd.Name.Name] = true
		}
		if fd.Name.Name == "testExecute" {
			ast.Inspect(fd, func(n ast.Node) bool {
				if kv, ok := n.(*ast.KeyValueExpr); ok {
					if s, ok := stringLit(kv.Key); ok {
						funcs[s] = true
					}
				}
				return true
			})
		}
	}
	return methods, funcs
}

func execTestLits(f *ast.File) []*ast.CompositeLit {
	var lits []*ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "execTests" {
			return true
		}
		for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
			lits = append(lits, e.(*ast.CompositeLit))
		}
		return false
	})
	return lits
}

var dotName = regexp.MustCompile(`\.([\pL_][\pL\pN_]*)`)
var identName = regexp.MustCompile(`(?:^|[\s(|])([\pL_][\pL\pN_]*)`)

func translate(lit *ast.CompositeLit, known, methods, funcs map[string]bool) entry {
	name, _ := stringLit(lit.Elts[0])
	e := entry{Name: name}
	tpl, ok := stringLit(lit.Elts[1])
	if !ok {
		e.Skip = "the template is built from Go expressions (bigInt, bigUint)"
		return e
	}
	e.Template = tpl
	data, ok := jsonData(lit.Elts[3])
	if !ok {
		e.Skip = fmt.Sprintf("the data (%s) is a Go value other than tVal, with no JSON form", exprText(lit.Elts[3]))
		return e
	}
	e.Data = data
	e.Skip = skipReason(tpl, known, methods, funcs)
	return e
}

func skipReason(tpl string, known, methods, funcs map[string]bool) string {
	for _, action := range actions(tpl) {
		code := withoutStrings(action)
		for _, m := range identName.FindAllStringSubmatch(code, -1) {
			if funcs[m[1]] && !sameAsSprig[m[1]] {
				return fmt.Sprintf("calls %q from Go's test FuncMap", m[1])
			}
		}
		for _, m := range dotName.FindAllStringSubmatch(code, -1) {
			switch {
			case methods[m[1]]:
				return fmt.Sprintf("calls the Go method %q: JSON data has no methods", m[1])
			case !known[m[1]]:
				return fmt.Sprintf("reads %q, a Go value (pointer, func, Stringer, error, non-string map key, complex) with no JSON form", m[1])
			}
		}
	}
	return ""
}

// actions returns the text inside each {{ }} of tpl (roughly: delimiters in strings are rare).
func actions(tpl string) []string {
	var out []string
	for rest := tpl; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			return out
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return append(out, rest[i+2:])
		}
		out = append(out, rest[i+2:i+j])
		rest = rest[i+j+2:]
	}
}

var quoted = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|'(?:[^'\\\\]|\\\\.)*'")

func withoutStrings(s string) string {
	return quoted.ReplaceAllString(s, `""`)
}

// stringLit evaluates a string literal or a + of string literals.
func stringLit(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		l, ok1 := stringLit(x.X)
		r, ok2 := stringLit(x.Y)
		return l + r, ok1 && ok2 && x.Op == token.ADD
	}
	return "", false
}

// jsonData is the JSON form of a case's data: tVal, nil, or a number, string or bool literal.
func jsonData(e ast.Expr) (any, bool) {
	switch x := e.(type) {
	case *ast.Ident:
		switch x.Name {
		case "tVal":
			return tValJSON, true
		case "nil":
			return nil, true
		case "true", "false":
			return x.Name == "true", true
		}
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT, token.FLOAT:
			n, err := strconv.ParseFloat(x.Value, 64)
			return n, err == nil
		case token.STRING:
			return stringLit(x)
		}
	}
	return nil, false
}

func exprText(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.BasicLit:
		return x.Value
	}
	var b strings.Builder
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			b.WriteString(id.Name + " ")
		}
		return true
	})
	return strings.TrimSpace(b.String())
}
