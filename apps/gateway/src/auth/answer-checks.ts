import { INestApplication, RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AuthorizationInterceptor } from './authorization.interceptor';
import { routeMayNeedAnswerStep } from './route-policy';

type Handler = (...args: unknown[]) => unknown;

/** What an `@All` route may be called with. */
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A route handler of the app: its function and the (method, path) pairs Nest serves it on. */
export interface RouteHandler {
  handler: Handler;
  routes: (readonly [method: string, path: string])[];
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v ?? '')]);
const trimSlashes = (s: string) => s.replace(/^\/+|\/+$/g, '');

/** Own and inherited method names (a controller may take its routes from a base class), as Nest's scanner does. */
function methodNamesOf(prototype: object): Set<string> {
  const names = new Set<string>();
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) names.add(name);
  }
  return names;
}

/**
 * Every controller method with a route, its paths joined as Nest joins them (controller path, then
 * the method's; no global prefix, module paths nor versions are used by the gateway: the spec
 * compares these pairs with the routes Express ends up serving).
 */
export function routeHandlersOf(app: INestApplication): RouteHandler[] {
  const found: RouteHandler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as { prototype?: Record<string, unknown> } | null;
      const prototype = type?.prototype;
      if (!prototype || !type) continue;
      const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of methodNamesOf(prototype)) {
        const handler = prototype[name] as Handler | undefined;
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const methodPath: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const routes = controllerPaths.flatMap((c) =>
          asList(methodPath).map(
            (m) =>
              [
                method,
                '/' +
                  [c, m]
                    .map(trimSlashes)
                    .filter((s) => s !== '')
                    .join('/'),
              ] as const,
          ),
        );
        found.push({ handler, routes });
      }
    }
  }
  return found;
}

/**
 * The authorization interceptor only on the handlers whose routes' rules may ask for work on the
 * answer (searches, creations, transitions: about 15 of 200 routes), instead of globally. Nest
 * runs any interceptor through rxjs and two AsyncResource binds per request; on a call such as
 * `log-metric` that was about 8% of the gateway's CPU, for an interceptor that did nothing there.
 * Called before `app.init()`, which builds the routes' pipelines from this metadata. The guard
 * refuses (500) a request whose policy asks for an answer step on a handler without it, so a
 * route missed here fails closed.
 */
export function attachAnswerChecks(app: INestApplication): void {
  const interceptor = app.get(AuthorizationInterceptor);
  for (const { handler, routes } of routeHandlersOf(app)) {
    const mayNeed = routes.some(([method, path]) =>
      (method === 'ALL' ? ALL_METHODS : [method]).some((m) => routeMayNeedAnswerStep(m, path)),
    );
    if (!mayNeed) continue;
    const existing = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
    if (existing.includes(interceptor)) continue;
    // An instance, not the class: Nest resolves classes among the module's injectables, which
    // were collected when the app was scanned, before this runs.
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [...existing, interceptor], handler);
  }
}

/** Whether the handler's pipeline runs the authorization interceptor (the guard's fail-closed check). */
export function hasAnswerChecks(handler: Handler): boolean {
  const interceptors = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined;
  return interceptors?.some((i) => i instanceof AuthorizationInterceptor) ?? false;
}
