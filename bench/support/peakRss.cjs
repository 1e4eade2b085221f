// Preloaded (node --require) into a benchmarked command: at exit, writes the
// process's peak resident memory in KB and its CPU time in ms (worker threads
// included: they share the process) to the file named by BENCH_PEAK_RSS_FILE.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  if (process.env.BENCH_PEAK_RSS_FILE) writeFileSync(process.env.BENCH_PEAK_RSS_FILE, JSON.stringify({ peakKb: usage.maxRSS, cpuMs }));
});
