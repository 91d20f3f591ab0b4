// Preloaded (`node --import ./bench/profiler-hook.mjs`) into the gateway and the companies service
// by scripts/bench.mjs, which starts them with an IPC channel. The message 'profile:start' starts
// V8's sampling profiler; 'profile:stop' stops it, writes `$BENCH_PROFILE_DIR/$BENCH_PROFILE_NAME.cpuprofile`
// (the format `node --cpu-prof` writes; Chrome DevTools opens it) and answers 'profile:written'.
// Unlike `--cpu-prof`, the profile covers only the measured load, not the boot. (Not a signal:
// Nest's shutdown hooks treat SIGUSR2 as a stop signal.)
import { Session } from 'node:inspector';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const directory = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME ?? `node-${process.pid}`;
if (directory && process.send) {
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  process.on('message', async (message) => {
    if (message === 'profile:start') {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
      process.send('profile:started');
    } else if (message === 'profile:stop') {
      const { profile } = await post('Profiler.stop');
      const file = join(directory, `${name}.cpuprofile`);
      writeFileSync(`${file}.tmp`, JSON.stringify(profile));
      renameSync(`${file}.tmp`, file);
      process.send('profile:written');
    }
  });
  // The channel must not keep the process alive when Nest shuts it down.
  process.channel?.unref();
}
