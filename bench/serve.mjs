// How the benchmark's bare processes (bench/bare-server.mjs, bench/campaign-bare-server.mjs) serve: a
// /health route, listening on PORT (or `defaultPort`) and HOST (127.0.0.1), and a clean stop on SIGTERM/SIGINT.

/** Adds /health to the Fastify `app`, listens, and closes `app` then `pool` when the process is told to stop. */
export async function serve(app, pool, defaultPort) {
  const { PORT = String(defaultPort), HOST = '127.0.0.1' } = process.env;
  app.get('/health', async () => ({ status: 'ok' }));
  const stop = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  await app.listen({ port: Number(PORT), host: HOST });
}
