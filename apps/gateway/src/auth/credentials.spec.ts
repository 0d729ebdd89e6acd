import type { Request } from 'express';
import { isOpenPath, tokenOf } from './credentials';

const request = (path: string, authorization?: string) => ({ path, headers: { authorization } }) as unknown as Request;
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('credentials', () => {
  it('reads a bearer token anywhere', () => {
    expect(tokenOf(request('/api/v1/runs', 'Bearer abc'))).toBe('abc');
    expect(tokenOf(request('/api/2.0/mlflow/runs/get', 'bearer abc'))).toBe('abc');
  });

  it('reads Basic (token as password) on the MLflow routes only', () => {
    expect(tokenOf(request('/api/2.0/mlflow/runs/get', basic('me', 'tok')))).toBe('tok');
    expect(tokenOf(request('/ajax-api/2.0/mlflow-artifacts/artifacts/1/2', basic('me', 'tok')))).toBe('tok');
    expect(tokenOf(request('/api/v1/runs', basic('me', 'tok')))).toBeUndefined();
    expect(tokenOf(request('/api/2.0/mlflow/runs/get', basic('me', '')))).toBeUndefined();
  });

  it('keeps only health, metrics and docs open', () => {
    for (const p of ['/healthz', '/readyz', '/metrics', '/docs', '/docs-json', '/docs/swagger-ui.css'])
      expect(isOpenPath(p)).toBe(true);
    for (const p of ['/api/v1/runs', '/docsx', '/metrics/x', '/healthz/../api/v1']) expect(isOpenPath(p)).toBe(false);
  });
});
