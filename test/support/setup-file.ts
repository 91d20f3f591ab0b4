import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// nestjs-pino keeps one root logger per process, made by the first app with its options and log
// destination (libs/platform/src/logging/logger.module.ts). A test worker runs file after file in one
// process (vitest.config.ts, isolate: false): each file starts with none, as in a fresh process, so
// that its apps log at its level into its own TestSystem's capture. The reset is the package's own,
// for tests; it lives in its ESM build (the one Node loads here), which its exports do not list.
const pinoLogger = join(dirname(createRequire(import.meta.url).resolve('nestjs-pino/package.json')), 'dist', 'esm', 'PinoLogger.js');
const { __resetOutOfContextForTests } = (await import(pathToFileURL(pinoLogger).href)) as { __resetOutOfContextForTests: () => void };
__resetOutOfContextForTests();

// Nest's static `Logger` (used by `new Logger(context)` outside any app) still points at the previous
// file's app logger, whose root the reset above removed: give it back Nest's default, as in a fresh process.
Logger.overrideLogger(new ConsoleLogger());
