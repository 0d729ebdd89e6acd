import { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { InProcessBus } from '@llmops/messaging';
import { createGatewayApp } from '../app/create-gateway-app';
import { DASHBOARD_CSP } from './dashboard-assets.middleware';

describe('the dashboard served by the gateway (auth on)', () => {
  let dir: string;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-dashboard-spec-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets', 'sub'), { recursive: true });
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><html><head><title>dash</title></head><body></body></html>',
    );
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'sub', 'x.css'), 'body{}');
    writeFileSync(join(dist, 'assets', '.hidden'), 'secret');
    writeFileSync(join(dir, 'outside.txt'), 'outside the build');
    symlinkSync(join(dir, 'outside.txt'), join(dist, 'assets', 'link.js'));
    app = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on', DASHBOARD_DIR: dist },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app at / and at every page with a strict CSP, without a token', async () => {
    for (const path of ['/', '/models', '/models/news-summarizer', '/runs/abc', '/compare?runs=a,b', '/admin/users']) {
      const res = await http().get(path).expect(200);
      expect(res.text).toContain('<title>dash</title>');
      expect(res.text).toContain('<meta name="llmops-authentication" content="on" />');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    await http().head('/models').expect(200);
  });

  it('serves built assets as immutable files with their content type', async () => {
    const js = await http().get('/assets/index-abc.js').expect(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.text).toBe('console.log(1)');
    await http()
      .get('/assets/sub/x.css')
      .expect('content-type', /^text\/css/)
      .expect(200);
    await http().get('/favicon.svg').expect(200);
  });

  it('lists no directory, serves no hidden file and nothing outside the build (symlinks, dot-dots, encodings)', async () => {
    for (const path of [
      '/assets',
      '/assets/',
      '/assets/sub',
      '/assets/sub/',
      '/assets/.hidden',
      '/assets/missing.js',
      '/assets/link.js',
      '/assets/../index.html',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/assets/%252e%252e/outside.txt',
      '/assets/sub%5c..%5c..%5coutside.txt',
      '/assets/%00.js',
      '/assets/%E0%A4%A',
    ]) {
      const res = await http().get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain('outside the build');
      expect(res.text).not.toContain('secret');
      expect(res.text).not.toContain('<title>dash</title>');
    }
  });

  it('leaves the API alone: deny by default, its own 404s, other methods, the docs', async () => {
    const unauthenticated = await http().get('/api/v1/runs/abc').expect(401);
    expect(unauthenticated.body.error_code).toBe('UNAUTHENTICATED');
    await http().get('/api/v1/no-such-route').expect(401);
    await http().get('/ajax-api/2.0/mlflow/experiments/search').expect(401);
    await http().get('/v1/traces').expect(401);
    await http().get('/index.html').expect(401);
    await http().get('/.env').expect(401);
    // Only GET/HEAD reach the app's pages; other methods are the API's (a token is needed).
    await http().post('/models').send({}).expect(401);
    await http().delete('/admin/users').expect(401);
    await http().get('/healthz').expect(200, { status: 'ok' });
    const docs = await http().get('/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
  });
});

describe('a gateway with no dashboard build', () => {
  it('answers / as an unknown route (after authentication), not with an empty page', async () => {
    const app = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'off', DASHBOARD_DIR: 'off' },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
    try {
      const res = await request(app.getHttpServer()).get('/models').expect(404);
      expect(res.body.error_code).toBe('ENDPOINT_NOT_FOUND');
    } finally {
      await app.close();
    }
  });
});
