'use strict';
// Preloaded with -r: writes the process's peak resident memory (KiB) to $BENCH_MAXRSS_FILE at exit.
process.on('exit', () => {
  if (process.env.BENCH_MAXRSS_FILE) {
    require('node:fs').writeFileSync(process.env.BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS));
  }
});
