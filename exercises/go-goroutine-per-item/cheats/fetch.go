package main

import "sync"

// Eight workers, but each appends its answer when it finishes: fast, bounded, and in the wrong order.
func fetchAll(ids []int, fetch func(int) int) []int {
	jobs := make(chan int)
	var mu sync.Mutex
	var results []int
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				answer := fetch(id)
				mu.Lock()
				results = append(results, answer)
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	return results
}
