console.log("concurrency-lens: not yet");
