// Goroutines doing equal CPU work under GOMAXPROCS=1 (one thread runs Go code at a time: the goroutines
// take turns) and GOMAXPROCS=N (up to N run at once). The runner sets GOMAXPROCS per variant. Speaks the
// same event protocol as the Node and Python experiments (one JSON object per stdout line).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

var origin = time.Now()

func now() float64 { return float64(time.Since(origin).Nanoseconds()) / 1e6 }

type event map[string]interface{}

func spin(units int) uint32 {
	x := uint32(0x9e3779b9)
	for i := 0; i < units; i++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
	}
	return x
}

var sink uint32

func calibrate() float64 {
	units := 0
	begin := now()
	for now()-begin < 40 {
		sink ^= spin(100000)
		units += 100000
	}
	return float64(units) / (now() - begin)
}

// work runs units in slices and returns the segments it really ran in. A pause (the goroutine was
// descheduled) shows as a gap between slices or as a slice that took longer than its work does at rate
// units/ms; either ends the segment, so placement is off by at most one slice.
func work(task string, units int, rate float64) []event {
	const slice = 20000
	var segments []event
	begin, last := now(), now()
	for left := units; left > 0; left -= slice {
		start := now()
		if start-last > 0.5 {
			segments = append(segments, event{"e": "segment", "task": task, "lane": task, "from": begin, "to": last, "state": "work"})
			begin = start
		}
		n := slice
		if left < slice {
			n = left
		}
		sink ^= spin(n)
		last = now()
		if expected := float64(n) / rate; last-start > expected+0.5 {
			segments = append(segments, event{"e": "segment", "task": task, "lane": task, "from": begin, "to": start + expected, "state": "work"})
			begin = last
		}
	}
	return append(segments, event{"e": "segment", "task": task, "lane": task, "from": begin, "to": last, "state": "work"})
}

func cpuMs() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

func main() {
	out := json.NewEncoder(os.Stdout)
	out.Encode(event{"e": "start"})
	var params struct {
		Goroutines int     `json:"goroutines"`
		TaskMs     float64 `json:"taskMs"`
	}
	if len(os.Args) < 3 || json.Unmarshal([]byte(os.Args[2]), &params) != nil {
		fmt.Fprintln(os.Stderr, "usage: gomaxprocs <variant> <params-json>")
		os.Exit(2)
	}
	rate := calibrate()
	units := int(params.TaskMs * rate)
	t0, cpu0 := now(), cpuMs()
	results := make([][]event, params.Goroutines)
	var wg sync.WaitGroup
	for i := 0; i < params.Goroutines; i++ {
		wg.Add(1)
		go func(i int) { // i is a parameter: before Go 1.22 the loop variable was shared by every iteration
			defer wg.Done()
			results[i] = work(fmt.Sprintf("goroutine %d", i+1), units, rate)
		}(i)
	}
	wg.Wait()
	events := []event{{"e": "metric", "name": "gomaxprocs", "value": runtime.GOMAXPROCS(0)}}
	for _, r := range results {
		events = append(events, r...)
	}
	events = append(events, event{"e": "done", "t0": t0, "wallMs": now() - t0, "cpuMs": cpuMs() - cpu0})
	for _, e := range events {
		out.Encode(e)
	}
}
