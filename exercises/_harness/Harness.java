import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a Java exercise's check is built from. The runner compiles the learner's file, the exercise's
 * Check.java and this file together (default package) and runs Check; the check reports
 * { correctness, measure } as JSON to the file named by CONCURRENCY_LENS_RESULT.
 */
final class Harness {
	private Harness() {}

	interface Body {
		void run() throws Exception;
	}

	/** Runs a check: whatever it throws (the learner's code included) fails correctness. Then exits, so that threads the learner's code left running cannot keep the JVM alive. */
	static void check(Body body) {
		try {
			body.run();
		} catch (Throwable t) {
			fail("your code threw " + describe(t));
		}
		System.exit(0);
	}

	/** How long body took, in ms; what it throws goes through. */
	static double time(Body body) throws Exception {
		long start = System.nanoTime();
		body.run();
		return (System.nanoTime() - start) / 1e6;
	}

	/** Logical cores the run may use. */
	static int cpus() {
		try {
			return Integer.parseInt(System.getenv("CONCURRENCY_LENS_CPUS"));
		} catch (RuntimeException e) {
			return Runtime.getRuntime().availableProcessors();
		}
	}

	/** Counts calls in flight, thread-safely: enter() when one starts, exit() when it ends. */
	static final class InFlight {
		private final AtomicInteger current = new AtomicInteger();
		private final AtomicInteger peak = new AtomicInteger();
		private final AtomicInteger calls = new AtomicInteger();

		void enter() {
			calls.incrementAndGet();
			peak.accumulateAndGet(current.incrementAndGet(), Math::max);
		}

		void exit() {
			current.decrementAndGet();
		}

		int peak() {
			return peak.get();
		}

		int calls() {
			return calls.get();
		}
	}

	/** Reports a correctness failure and nothing else. */
	static void fail(String message) {
		write("{\"correctness\":" + part(false, message, null) + "}");
	}

	static void report(boolean correctOk, String correctMessage, boolean measureOk, String measureMessage, Map<String, Double> figures) {
		write("{\"correctness\":" + part(correctOk, correctMessage, null) + ",\"measure\":" + part(measureOk, measureMessage, figures) + "}");
	}

	private static String describe(Throwable t) {
		Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
		return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
	}

	private static String part(boolean ok, String message, Map<String, Double> figures) {
		StringBuilder s = new StringBuilder("{\"ok\":").append(ok).append(",\"message\":").append(quote(message));
		if (figures != null) {
			s.append(",\"figures\":{");
			String comma = "";
			for (Map.Entry<String, Double> e : new TreeMap<>(figures).entrySet()) {
				if (e.getValue() != null && Double.isFinite(e.getValue())) {
					s.append(comma).append(quote(e.getKey())).append(':').append(Math.round(e.getValue() * 10) / 10.0);
					comma = ",";
				}
			}
			s.append('}');
		}
		return s.append('}').toString();
	}

	/** A JSON string literal. */
	static String quote(String text) {
		StringBuilder s = new StringBuilder("\"");
		for (char c : String.valueOf(text).toCharArray()) {
			if (c == '"' || c == '\\') {
				s.append('\\').append(c);
			} else if (c == '\n') {
				s.append("\\n");
			} else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
				s.append(String.format("\\u%04x", (int) c));
			} else {
				s.append(c);
			}
		}
		return s.append('"').toString();
	}

	private static void write(String json) {
		try {
			Files.write(Path.of(System.getenv("CONCURRENCY_LENS_RESULT")), json.getBytes(StandardCharsets.UTF_8));
		} catch (Exception e) {
			System.err.println("could not write the result: " + e);
			System.exit(1);
		}
	}
}
