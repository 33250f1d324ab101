// A crawler that starts one goroutine per URL, with nothing limiting how many run at once.
package main

import (
	"fmt"
	"net/http"
	"sync"
)

func crawl(urls []string) {
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			resp, err := http.Get(u)
			if err == nil {
				fmt.Println(u, resp.Status)
				resp.Body.Close()
			}
		}(url)
	}
	wg.Wait()
}

func main() {
	crawl([]string{"https://example.com", "https://example.org"})
}
