// gotemplate renders Go text/template + Sprig v3 for the differential template suite
// (test/e2e/templates-go.test.ts) and the template bench (hack/bench/templates.ts).
//
// It reads JSON lines {"template": "...", "data": ...} on stdin and writes one JSON line per
// input: {"output": "..."} or {"error": "...", "phase": "parse"|"exec"}. Data is decoded
// with encoding/json (numbers are float64, objects map[string]interface{}) and templates
// run with Option("missingkey=zero") and sprig.TxtFuncMap(), as ARKONIS documents them.
//
// With -bench N it instead times each template: N parse+render and N render-only runs,
// and writes {"parseRenderNs": …, "renderNs": …} (mean nanoseconds per run).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
)

type request struct {
	Template string `json:"template"`
	Data     any    `json:"data"`
}

type response struct {
	Output        *string `json:"output,omitempty"`
	Error         string  `json:"error,omitempty"`
	Phase         string  `json:"phase,omitempty"`
	ParseRenderNs float64 `json:"parseRenderNs,omitempty"`
	RenderNs      float64 `json:"renderNs,omitempty"`
}

var funcs = sprig.TxtFuncMap()

func parse(src string) (*template.Template, error) {
	return template.New("t").Option("missingkey=zero").Funcs(funcs).Parse(src)
}

// render parses and executes one request; a panic in a function counts as an exec error.
func render(req request) (resp response) {
	t, err := parse(req.Template)
	if err != nil {
		return response{Error: err.Error(), Phase: "parse"}
	}
	defer func() {
		if r := recover(); r != nil {
			resp = response{Error: fmt.Sprint("panic: ", r), Phase: "exec"}
		}
	}()
	var b strings.Builder
	if err := t.Execute(&b, req.Data); err != nil {
		return response{Error: err.Error(), Phase: "exec"}
	}
	out := b.String()
	return response{Output: &out}
}

// timeRuns returns the mean time per run of n calls of body, in nanoseconds.
func timeRuns(n int, body func()) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		body()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

func bench(req request, n int) response {
	if r := render(req); r.Output == nil {
		return r
	}
	t, _ := parse(req.Template)
	// Warm-up, as the TypeScript side warms up its JIT.
	for i := 0; i < n/10+1; i++ {
		_ = t.Execute(io.Discard, req.Data)
	}
	return response{
		ParseRenderNs: timeRuns(n, func() {
			t, _ := parse(req.Template)
			_ = t.Execute(io.Discard, req.Data)
		}),
		RenderNs: timeRuns(n, func() { _ = t.Execute(io.Discard, req.Data) }),
	}
}

func main() {
	benchRuns := flag.Int("bench", 0, "time each template over this many runs instead of rendering it")
	flag.Parse()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintf(os.Stderr, "gotemplate: bad input line: %v\n", err)
			os.Exit(2)
		}
		var resp response
		if *benchRuns > 0 {
			resp = bench(req, *benchRuns)
		} else {
			resp = render(req)
		}
		if err := enc.Encode(resp); err != nil {
			fmt.Fprintf(os.Stderr, "gotemplate: %v\n", err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "gotemplate: reading stdin: %v\n", err)
		os.Exit(2)
	}
}
