import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { APP_NODE_OPTIONS } from '../../scripts/lib/environment.mjs';

// No Docker engine or cluster runs here: these checks read the files the way the tools would.
const ROOT = join(import.meta.dirname, '..', '..');
const APPS = ['gateway', 'companies', 'contacts', 'campaigns', 'conventions'];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };

  it('should run PostgreSQL and NATS with JetStream at 2.12.3 or newer', () => {
    const nats = compose.services.nats;
    const [major, minor, patch] = /nats:(\d+)\.(\d+)\.(\d+)/.exec(nats.image ?? '')!.slice(1).map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(2_012_003);
    expect(String(nats.command)).toContain('-js');
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    expect(compose.services.postgres.healthcheck?.test).toBeDefined();
  });

  it('should run the five apps from one image, each after its migration and with a healthcheck', () => {
    const images = new Set(APPS.map((app) => compose.services[app].image));
    expect(images.size).toBe(1);
    for (const app of APPS) {
      const service = compose.services[app];
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(service.depends_on?.[`${app}-migrate`]?.condition).toBe('service_completed_successfully');
      expect(service.depends_on?.nats?.condition).toBe('service_healthy');
      expect(String(compose.services[`${app}-migrate`].command)).toContain('migrate');
    }
  });

  it('should parse with docker-compose when it is installed', () => {
    const tool = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' }).stdout.trim();
    if (!tool) return; // not on a fresh machine; the YAML checks above still ran
    expect(() => execFileSync(tool, ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('should build in stages on Node 24 LTS and run as a non-root user with a healthcheck', () => {
    expect(dockerfile).toMatch(/node:24[\w.-]*/);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toContain('npm ci --omit=dev');
  });

  it('should give the apps the Node options npm start and the benchmarks give them', () => {
    expect(dockerfile).toMatch(new RegExp(`NODE_OPTIONS=${APP_NODE_OPTIONS}$`, 'm'));
  });

  it('should ship the reference data in the runtime image when the companies migration reads it from data/', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^COPY data \.\/data$/m);
    expect(read('.dockerignore')).not.toMatch(/^\/?data\/?$/m);
  });
});

describe('deploy/ (kustomize)', () => {
  const documents = readdirSync(join(ROOT, 'deploy', 'base'))
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml' && !file.includes('example'))
    .flatMap((file) => parseAllDocuments(read(join('deploy', 'base', file))).map((doc) => doc.toJS() as { kind: string; metadata: { name: string }; spec: any }));
  const byKind = (kind: string) => documents.filter((doc) => doc?.kind === kind);

  it('should give each app a Deployment with probes, limits, a migrate init container and an autoscaler', () => {
    const deployments = byKind('Deployment');
    const autoscalers = byKind('HorizontalPodAutoscaler');
    for (const app of APPS) {
      const deployment = deployments.find((doc) => doc.metadata.name === app)!;
      expect(deployment, app).toBeDefined();
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.resources.limits).toBeDefined();
      expect(pod.initContainers.map((c: { args?: string[]; command?: string[] }) => [...(c.command ?? []), ...(c.args ?? [])].join(' ')).join()).toContain('migrate');
      expect(autoscalers.some((hpa) => hpa.spec.scaleTargetRef.name === app)).toBe(true);
    }
  });

  it('should run NATS as a 3-node JetStream cluster', () => {
    const nats = byKind('StatefulSet').find((doc) => doc.metadata.name === 'nats')!;
    expect(nats.spec.replicas).toBe(3);
    expect(read('deploy/base/nats.conf')).toMatch(/jetstream/);
  });
});
