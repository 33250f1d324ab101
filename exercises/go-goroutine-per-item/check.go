package main

// Calls the learner's fetchAll on 500 ids with a fake service: each call sleeps 6-14 ms (10 ms on average),
// counts the calls in flight and the goroutines alive. It passes when every answer is right and in order, at
// most 8 calls were ever in flight, no more than 24 goroutines existed (a permit taken inside the goroutine
// bounds the calls, not the goroutines), and the run took less than half of one call after another.

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

const (
	checkItems = 500
	checkLimit = 8
	// Goroutines alive when a call starts: the 8 calling ones, a few on their way out, main and the check's.
	checkMaxGoroutines = 3 * checkLimit
	checkMaxShare      = 0.5
	checkFirstID       = 1000
	checkIDStep        = 7
)

// checkDelay is how long the fake service takes for one id: 6 to 14 ms, so calls end out of order.
func checkDelay(id int) time.Duration { return time.Duration(6+id*5%9) * time.Millisecond }

func main() {
	salt := int(time.Now().UnixNano()%9000) + 1000
	answer := func(id int) int { return id*31 + salt }
	ids := make([]int, checkItems)
	sequentialMs := 0.0
	for i := range ids {
		ids[i] = checkFirstID + i*checkIDStep
		sequentialMs += float64(checkDelay(ids[i]).Milliseconds())
	}
	var flight lensInFlight
	var peakGoroutines int64
	fetch := func(id int) int {
		done := flight.enter()
		for n := int64(runtime.NumGoroutine()); ; {
			seen := atomic.LoadInt64(&peakGoroutines)
			if n <= seen || atomic.CompareAndSwapInt64(&peakGoroutines, seen, n) {
				break
			}
		}
		defer done()
		time.Sleep(checkDelay(id))
		return answer(id)
	}

	var results []int
	ms, err := lensTime(func() { results = fetchAll(ids, fetch) })
	if err != nil {
		lensFail(fmt.Sprintf("fetchAll panicked: %v", err))
		return
	}

	correctOK, correctMsg := true, fmt.Sprintf("All %d answers are right and in the order of ids.", checkItems)
	if len(results) != checkItems {
		correctOK, correctMsg = false, fmt.Sprintf("fetchAll returned %d answers for %d ids", len(results), checkItems)
	} else {
		for i, got := range results {
			if got != answer(ids[i]) {
				correctOK, correctMsg = false, fmt.Sprintf("answer %d (for id %d) is %d, expected %d: every answer must be fetch(ids[i]), at index i", i, ids[i], got, answer(ids[i]))
				break
			}
		}
	}
	if correctOK && flight.callCount() != checkItems {
		correctOK, correctMsg = false, fmt.Sprintf("fetch was called %d times for %d ids: call it once per id", flight.callCount(), checkItems)
	}

	peak := flight.peakCount()
	goroutines := int(atomic.LoadInt64(&peakGoroutines))
	limitMs := sequentialMs * checkMaxShare
	var measureOK bool
	var measureMsg string
	switch {
	case peak > checkLimit:
		measureMsg = fmt.Sprintf("%d calls were in flight at once; the service allows %d. Every item got its goroutine at once: take a slot before each go statement, or use %d workers.", peak, checkLimit, checkLimit)
	case goroutines > checkMaxGoroutines:
		measureMsg = fmt.Sprintf("Peak in flight: %d calls, but %d goroutines existed at once: each one waits for a slot after it has started. Take the slot before the go statement, so the loop waits instead.", peak, goroutines)
	case ms >= limitMs:
		measureMsg = fmt.Sprintf("Bounded (peak in flight: %d), but the run took %.0f ms, more than half of the %.0f ms that one call after another takes (limit %.0f ms): let %d run at once.", peak, ms, sequentialMs, limitMs, checkLimit)
	default:
		measureOK = true
		measureMsg = fmt.Sprintf("At most %d calls in flight (limit %d), and %d calls took %.0f ms instead of %.0f ms one after another.", peak, checkLimit, checkItems, ms, sequentialMs)
	}
	lensReport(correctOK, correctMsg, measureOK, measureMsg, map[string]float64{
		"peakInFlight": float64(peak), "peakGoroutines": float64(goroutines), "limitInFlight": checkLimit, "elapsedMs": ms, "sequentialMs": sequentialMs, "limitMs": limitMs,
	})
}
