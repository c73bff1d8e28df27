'use strict';
// Preloaded with -r: writes the process's CPU time (user + system, every thread, in ms) to
// $BENCH_CPU_FILE at exit. Wall time on a shared machine says little; CPU time is what a batch costs.
process.on('exit', () => {
  if (process.env.BENCH_CPU_FILE) {
    const { user, system } = process.cpuUsage();
    require('node:fs').writeFileSync(process.env.BENCH_CPU_FILE, String((user + system) / 1000));
  }
});
