import { INestApplication, INestMicroservice, LoggerService } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  InProcessRpcClient,
  NatsRpcClient,
  RpcClient,
  TransportConfig,
  connectNats,
  startNatsServer,
} from '@llmops/messaging';
import { createGatewayApp } from '@llmops/gateway-app';
import { EMBEDDED_SERVICES, EmbeddedService, startEmbeddedPlatform } from '@llmops/cli';

/**
 * The platform with authentication on, in both ways to run, for suites that attack it as a hostile
 * user or a stray NATS client would: an admin, users with roles, and raw HTTP.
 */

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body's bytes (downloads of binary artifacts). */
  raw: Buffer;
}

/** One HTTP request; `body` is sent as JSON unless it is a Buffer or a string (sent as is). */
export function call(
  baseUrl: string,
  method: string,
  path: string,
  auth?: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(baseUrl);
  const payload =
    body === undefined
      ? undefined
      : Buffer.isBuffer(body)
        ? body
        : typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = auth;
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
  Object.assign(headers, extra);
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers, text, raw });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export interface Platform {
  url: string;
  /** A client on the platform's bus (a stray NATS client in services mode). */
  rpc: RpcClient;
  transport: TransportConfig;
  /** The data directory (holding `artifacts/`). */
  root: string;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Which services run (default: identity, tracking, registry). */
  services?: string[];
  logger?: LoggerService | false;
  requestLog?: (entry: unknown) => void;
  /** Extra environment for the services (services mode) or the embedded platform. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_SERVICES = ['identity', 'tracking', 'registry'];
const servicesNamed = (names: string[]): EmbeddedService[] => EMBEDDED_SERVICES.filter((s) => names.includes(s.name));

/** Every service module in one process: the in-process bus and PGlite. */
export async function embeddedMode(options: PlatformOptions = {}): Promise<Platform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmops-sec-embedded-'));
  const saved = { ...process.env };
  Object.assign(process.env, options.env ?? {});
  try {
    const platform = await startEmbeddedPlatform({
      dataDir,
      port: 0,
      logger: options.logger ?? false,
      requestLog: options.requestLog,
      services: servicesNamed(options.services ?? DEFAULT_SERVICES),
    });
    return {
      url: platform.url,
      rpc: new InProcessRpcClient(platform.bus, 10_000),
      transport: { kind: 'in-process', bus: platform.bus },
      root: dataDir,
      close: async () => {
        await platform.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } finally {
    process.env = saved;
  }
}

/** Each service a Nest microservice on a private nats-server, PostgreSQL (`TEST_DATABASE_URL`). */
export async function servicesMode(options: PlatformOptions = {}): Promise<Platform> {
  const nats = await startNatsServer();
  const baseDir = mkdtempSync(join(tmpdir(), 'llmops-sec-services-'));
  mkdirSync(join(baseDir, 'artifacts'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    ARTIFACT_ROOT: pathToFileURL(join(baseDir, 'artifacts')).href,
    NATS_URL: nats.url,
    LLMOPS_DATA_DIR: baseDir,
    ...options.env,
  };
  const transport: TransportConfig = { kind: 'nats', url: nats.url };
  const services: INestMicroservice[] = [];
  let gateway: INestApplication | undefined;
  const connection = await connectNats(nats.url);
  const close = async () => {
    await gateway?.close();
    for (const service of services.reverse()) await service.close();
    await connection.drain().catch(() => undefined);
    await nats.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    for (const service of servicesNamed(options.services ?? DEFAULT_SERVICES)) {
      services.push(await service.start(env, transport, options.logger ?? false));
    }
    // The failed-authentication limit is per client address, kept in the services' database, which
    // outlives a run: every suite's bad tokens from 127.0.0.1 would add up. Suites that test the
    // limit start gateways with their own settings (and addresses of their own).
    // Dataset uploads are staged under the data directory the batch services use.
    gateway = await createGatewayApp(
      { LLMOPS_AUTH: 'on', AUTH_FAILURE_LIMIT: 1000, LLMOPS_DATA_DIR: baseDir, ...options.env },
      transport,
      { requestLog: options.requestLog },
    );
    await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    await close();
    throw error;
  }
  const port = (gateway.getHttpServer().address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    rpc: new NatsRpcClient(connection, 10_000),
    transport,
    root: baseDir,
    close,
  };
}

/** For `describe.each(MODES)`: both ways to run. */
export const MODES: Array<[string, (options?: PlatformOptions) => Promise<Platform>]> = [
  ['embedded (in-process bus + PGlite)', embeddedMode],
  ['services (NATS + PostgreSQL)', servicesMode],
];

export const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
export const bearer = (secret: string) => `Bearer ${secret}`;
export const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
export const ML = '/api/2.0/mlflow';
export const V1 = '/api/v1';

export type Role = 'viewer' | 'developer' | 'approver' | 'admin';

/**
 * A platform with auth on, its admin, and users with roles (each with a token). `users` maps a
 * short key to a role; names get a unique suffix. Call `start()` in beforeAll and `stop()` in afterAll.
 */
export class SecureWorld<K extends string> {
  readonly adminToken = `admin-${randomBytes(24).toString('hex')}`;
  readonly admin = bearer(this.adminToken);
  readonly s = suffix();
  readonly names = {} as Record<K, string>;
  readonly secrets = {} as Record<K, string>;
  readonly tokenIds = {} as Record<K, string>;
  platform!: Platform;
  private savedEnv: Record<string, string | undefined> = {};

  constructor(
    private readonly start_: (options?: PlatformOptions) => Promise<Platform>,
    private readonly users: Record<K, Role>,
    private readonly options: PlatformOptions = {},
  ) {
    for (const key of Object.keys(users) as K[]) this.names[key] = `${key}-${this.s}`;
  }

  get url(): string {
    return this.platform.url;
  }

  as(who: K): string {
    return bearer(this.secrets[who]);
  }

  req(method: string, path: string, auth?: string, body?: unknown, extra?: Record<string, string>): Promise<Answer> {
    return call(this.platform.url, method, path, auth, body, extra);
  }

  async start(): Promise<void> {
    for (const key of ['LLMOPS_AUTH', 'LLMOPS_ADMIN_TOKEN', 'LLMOPS_CORS_ORIGINS'])
      this.savedEnv[key] = process.env[key];
    process.env.LLMOPS_AUTH = 'on';
    process.env.LLMOPS_ADMIN_TOKEN = this.adminToken;
    delete process.env.LLMOPS_CORS_ORIGINS;
    this.platform = await this.start_(this.options);
    for (const key of Object.keys(this.users) as K[]) {
      const created = await this.req('POST', `${V1}/users`, this.admin, {
        name: this.names[key],
        roles: [this.users[key]],
      });
      if (created.status !== 201) throw new Error(`creating user ${key}: ${created.status} ${created.text}`);
      const token = await this.req('POST', `${V1}/tokens`, this.admin, { user: this.names[key], name: 'e2e' });
      if (token.status !== 201) throw new Error(`creating a token for ${key}: ${token.status} ${token.text}`);
      this.secrets[key] = token.body.secret;
      this.tokenIds[key] = token.body.token.id;
    }
  }

  async stop(): Promise<void> {
    await this.platform?.close();
    for (const [key, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
