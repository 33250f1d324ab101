package main

// What a Go exercise's check is built from. The runner builds one package main out of the learner's file,
// the exercise's check (check_main.go, which holds func main) and this file, standard library only. Every
// name here starts with `lens` so that it cannot collide with the learner's own.

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// lensInFlight counts calls in flight: enter when one starts, the returned func when it ends. Thread-safe.
type lensInFlight struct{ current, peak, calls int64 }

func (f *lensInFlight) enter() func() {
	atomic.AddInt64(&f.calls, 1)
	now := atomic.AddInt64(&f.current, 1)
	for {
		peak := atomic.LoadInt64(&f.peak)
		if now <= peak || atomic.CompareAndSwapInt64(&f.peak, peak, now) {
			break
		}
	}
	return func() { atomic.AddInt64(&f.current, -1) }
}

func (f *lensInFlight) peakCount() int { return int(atomic.LoadInt64(&f.peak)) }
func (f *lensInFlight) callCount() int { return int(atomic.LoadInt64(&f.calls)) }

// lensTime runs body and returns how long it took in ms, or the panic it raised (on this goroutine) as an error.
func lensTime(body func()) (ms float64, err error) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	body()
	return float64(time.Since(start).Microseconds()) / 1000, nil
}

// lensCPUs is the number of logical cores the run may use.
func lensCPUs() int {
	if n, err := strconv.Atoi(os.Getenv("CONCURRENCY_LENS_CPUS")); err == nil && n > 0 {
		return n
	}
	return runtime.NumCPU()
}

// lensFail reports a correctness failure and nothing else.
func lensFail(message string) {
	lensWrite(`{"correctness":` + lensPart(false, message, nil) + `}`)
}

// lensReport writes the result: correctness, then the measured property and its figures.
func lensReport(correctOK bool, correctMsg string, measureOK bool, measureMsg string, figures map[string]float64) {
	lensWrite(`{"correctness":` + lensPart(correctOK, correctMsg, nil) + `,"measure":` + lensPart(measureOK, measureMsg, figures) + `}`)
}

func lensPart(ok bool, message string, figures map[string]float64) string {
	s := `{"ok":` + strconv.FormatBool(ok) + `,"message":` + lensQuote(message)
	if figures != nil {
		names := make([]string, 0, len(figures))
		for name := range figures {
			names = append(names, name)
		}
		sort.Strings(names)
		fields := make([]string, 0, len(names))
		for _, name := range names {
			v := figures[name]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			fields = append(fields, lensQuote(name)+":"+strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64))
		}
		s += `,"figures":{` + strings.Join(fields, ",") + `}`
	}
	return s + "}"
}

// lensQuote is a JSON string literal.
func lensQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func lensWrite(json string) {
	if err := os.WriteFile(os.Getenv("CONCURRENCY_LENS_RESULT"), []byte(json), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "could not write the result:", err)
		os.Exit(1)
	}
}
