// gotemplate renders Go text/template + Sprig v3 for the differential template suite
// (test/e2e/templates-go.test.ts) and the template bench (hack/bench/templates.ts).
//
// It reads JSON lines {"template": "...", "data": ...} on stdin and writes one JSON line per
// input: {"output": "..."} or {"error": "...", "phase": "parse"|"exec"}. Data is decoded
// with encoding/json (numbers are float64, objects map[string]interface{}) and templates
// run with Option("missingkey=zero") and sprig.TxtFuncMap(), as ARKONIS documents them.
//
// With -bench it instead times each template, parse+render and render only, and writes
// {"parseRenderNs": …, "renderNs": …} (nanoseconds per run; see timeRuns).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
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

// base holds the options and the Sprig function map; templates created with base.New share
// them, so the bench times parsing, not copying ~200 functions into every new template.
var base = template.New("base").Option("missingkey=zero").Funcs(sprig.TxtFuncMap())

func parse(src string) (*template.Template, error) {
	return base.New("t").Parse(src)
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

// timeRuns returns the mean time per call of body in nanoseconds: the median of 5 samples,
// each of as many calls as take at least 2 ms (so timer resolution and one-off pauses do
// not decide the figure). hack/bench/templates.ts measures our engine the same way.
func timeRuns(body func()) float64 {
	n := 1
	for {
		start := time.Now()
		for i := 0; i < n; i++ {
			body()
		}
		if time.Since(start) >= 2*time.Millisecond {
			break
		}
		n *= 2
	}
	samples := make([]float64, 5)
	for s := range samples {
		start := time.Now()
		for i := 0; i < n; i++ {
			body()
		}
		samples[s] = float64(time.Since(start).Nanoseconds()) / float64(n)
	}
	sort.Float64s(samples)
	return samples[len(samples)/2]
}

func bench(req request) response {
	if r := render(req); r.Output == nil {
		return r
	}
	t, _ := parse(req.Template)
	return response{
		ParseRenderNs: timeRuns(func() {
			t, _ := parse(req.Template)
			_ = t.Execute(io.Discard, req.Data)
		}),
		RenderNs: timeRuns(func() { _ = t.Execute(io.Discard, req.Data) }),
	}
}

func main() {
	benchMode := flag.Bool("bench", false, "time each template (parse+render, render only) instead of rendering it")
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
		if *benchMode {
			resp = bench(req)
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
