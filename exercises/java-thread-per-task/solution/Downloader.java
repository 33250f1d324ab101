import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

public class Downloader {
	/**
	 * Downloads every url with fetch (about 10 ms each, almost all of it waiting on the network) and
	 * returns the sizes of the bodies in bytes, in the order of urls.
	 */
	public static int[] sizes(List<String> urls, Function<String, byte[]> fetch) throws InterruptedException, ExecutionException {
		// Eight threads whatever the number of urls; the other tasks wait in the pool's queue.
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> downloads = new ArrayList<>();
			for (String url : urls) {
				downloads.add(pool.submit(() -> fetch.apply(url).length));
			}
			int[] sizes = new int[urls.size()];
			for (int i = 0; i < sizes.length; i++) {
				sizes[i] = downloads.get(i).get(); // waits for that download; rethrows its exception
			}
			return sizes;
		} finally {
			pool.shutdown();
		}
	}
}
