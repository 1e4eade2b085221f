// Preloaded (node --require) into a benchmarked command: at exit, writes the
// process's peak resident memory in KB (worker threads included: they share
// the process) to the file named by BENCH_PEAK_RSS_FILE.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  if (process.env.BENCH_PEAK_RSS_FILE) writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
