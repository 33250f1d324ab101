import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Calls the learner's Downloader.sizes on 300 urls with a fake fetch: each call sleeps 6-14 ms (10 ms on
 * average), counts the calls in flight and the threads that made them, while the JVM counts its live
 * threads. It passes when every size is right and in order, at most 16 threads made the calls (and at most 16
 * were in flight), the JVM never had more than 24 threads beyond those it started with, and the run took less
 * than half of one download after another.
 */
public class Check {
	static final int TASKS = 300;
	static final int MAX_THREADS = 16;
	static final int MAX_EXTRA_THREADS = 24;
	static final double MAX_SHARE = 0.5;

	static int delayMs(int i) {
		return 6 + i * 5 % 9;
	}

	public static void main(String[] args) {
		Harness.check(Check::run);
	}

	static void run() throws Exception {
		int salt = java.util.concurrent.ThreadLocalRandom.current().nextInt(1000, 10000);
		List<String> urls = new ArrayList<>();
		Map<String, Integer> delays = new HashMap<>();
		double sequentialMs = 0;
		for (int i = 0; i < TASKS; i++) {
			urls.add("https://files.example/reports/" + (1000 + 7 * i) + ".pdf");
			delays.put(urls.get(i), delayMs(i));
			sequentialMs += delayMs(i);
		}
		Function<String, Integer> expected = (url) -> Math.floorMod(url.hashCode() ^ salt, 4000) + 1;
		Harness.InFlight flight = new Harness.InFlight();
		Set<Thread> callers = ConcurrentHashMap.newKeySet();
		Function<String, byte[]> fetch = (url) -> {
			flight.enter();
			callers.add(Thread.currentThread());
			try {
				Thread.sleep(delays.getOrDefault(url, 10));
				return new byte[expected.apply(url)];
			} catch (InterruptedException e) {
				throw new IllegalStateException("the download of " + url + " was interrupted");
			} finally {
				flight.exit();
			}
		};

		ThreadMXBean jvm = ManagementFactory.getThreadMXBean();
		int threadsBefore = jvm.getThreadCount();
		jvm.resetPeakThreadCount();
		int[][] result = new int[1][];
		double ms = Harness.time(() -> result[0] = Downloader.sizes(urls, fetch));
		int extraThreads = Math.max(0, jvm.getPeakThreadCount() - threadsBefore);
		int[] sizes = result[0];

		boolean correctOk = true;
		String correctMessage = "All " + TASKS + " sizes are right and in the order of urls.";
		if (sizes == null || sizes.length != TASKS) {
			correctOk = false;
			correctMessage = "sizes returned " + (sizes == null ? "null" : sizes.length + " sizes") + " for " + TASKS + " urls";
		} else {
			for (int i = 0; i < TASKS; i++) {
				if (sizes[i] != expected.apply(urls.get(i))) {
					correctOk = false;
					correctMessage = "size " + i + " (" + urls.get(i) + ") is " + sizes[i] + ", expected " + expected.apply(urls.get(i))
							+ (sizes[i] == 0 ? ": was its download finished before sizes returned?" : "");
					break;
				}
			}
		}
		if (correctOk && flight.calls() != TASKS) {
			correctOk = false;
			correctMessage = "fetch was called " + flight.calls() + " times for " + TASKS + " urls: call it once per url";
		}

		int peak = flight.peak();
		int threadsUsed = callers.size();
		double limitMs = sequentialMs * MAX_SHARE;
		boolean measureOk = false;
		String measureMessage;
		if (threadsUsed > MAX_THREADS || peak > MAX_THREADS || extraThreads > MAX_EXTRA_THREADS) {
			measureMessage = String.format("%d different threads ran the %d downloads, up to %d at once, and the JVM had up to %d threads more than before (limits: %d, %d and %d): a thread per task. Submit the tasks to a fixed pool instead.",
					threadsUsed, TASKS, peak, extraThreads, MAX_THREADS, MAX_THREADS, MAX_EXTRA_THREADS);
		} else if (ms >= limitMs) {
			measureMessage = String.format("Bounded (peak in flight: %d), but the run took %.0f ms, more than half of the %.0f ms that one after another takes (limit %.0f ms): let several run at once.", peak, ms, sequentialMs, limitMs);
		} else {
			measureOk = true;
			measureMessage = String.format("%d threads ran the %d downloads, at most %d at once, in %.0f ms instead of %.0f ms one after another.", threadsUsed, TASKS, peak, ms, sequentialMs);
		}
		Harness.report(correctOk, correctMessage, measureOk, measureMessage, Map.of(
				"threadsUsed", (double) threadsUsed, "peakInFlight", (double) peak, "limitThreads", (double) MAX_THREADS, "extraThreads", (double) extraThreads,
				"limitExtraThreads", (double) MAX_EXTRA_THREADS, "elapsedMs", ms, "sequentialMs", sequentialMs, "limitMs", limitMs));
	}
}
