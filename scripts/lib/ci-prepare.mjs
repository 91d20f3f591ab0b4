// CI's set-up before lint and type-check: dependencies, and the services the tests need.
import { checkNode, ensureDependencies, ensureNats, ensurePostgres } from './environment.mjs';

checkNode();
ensureDependencies();
await ensurePostgres('postgres://root@127.0.0.1:5432/postgres');
await ensureNats('nats://127.0.0.1:4222');
