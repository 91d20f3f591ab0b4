import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GatewayEnv } from '../config/gateway.env.js';

/** Vite's content-hashed files: a new build gives new names, so browsers may keep them for a year. */
const HASHED_ASSET = /^\/assets\//;

/** Paths the web app answers (with its own Cache-Control); everything else is the API's. */
export const isWebAppPath = (url: string): boolean => {
  const path = url.split('?', 1)[0]!;
  return path === '/' || path === '/index.html' || path === '/favicon.svg' || HASHED_ASSET.test(path);
};

/**
 * Serves the built single-page app at `/` from WEB_DIR: one route per file found at start
 * (`wildcard: false`), so that every other path still reaches the API and its 404 problem. The app
 * uses hash routes (`/#/campaigns`): the server never needs a catch-all. index.html is revalidated
 * on every visit, so that a deployment reaches everyone at once; hashed assets are immutable.
 */
export async function registerWebApp(app: NestFastifyApplication, env: GatewayEnv): Promise<void> {
  const root = resolve(env.WEB_DIR);
  if (!existsSync(resolve(root, 'index.html'))) return;
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Swagger UI registers @fastify/static too: only one may decorate the reply.
    decorateReply: false,
    cacheControl: false,
    // The build writes .br and .gz beside each file (apps/web/vite.config.ts): sent to browsers that take them.
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    // @fastify/static 10 hands over Fastify's reply (not the raw response).
    setHeaders: (reply: { header(name: string, value: string): unknown }, path: string) => {
      reply.header('Cache-Control', HASHED_ASSET.test(path.slice(root.length)) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
