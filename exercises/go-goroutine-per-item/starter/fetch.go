package main

import "sync"

// fetchAll calls fetch once for every id and returns the answers in the order of ids.
// fetch asks a remote service that takes about 10 ms per call and allows 8 calls at a time.
func fetchAll(ids []int, fetch func(int) int) []int {
	results := make([]int, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		// i and id are passed in: before Go 1.22 one pair of loop variables is shared by every iteration.
		go func(i, id int) {
			defer wg.Done()
			results[i] = fetch(id)
		}(i, id)
	}
	wg.Wait()
	return results
}
