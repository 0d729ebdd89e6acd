import { CallHandler, ExecutionContext, INestApplication, NestInterceptor, RequestMethod } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ANSWER_CHECKS_KEY } from './policy-locals';
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
 * What the handlers carry: the request's own app's AuthorizationInterceptor, which the guard leaves
 * in `res.locals` when the policy needs the answer checked (none: nothing to do). A handler's
 * metadata lives on its controller's prototype, shared by every app of the process (tests start
 * several), so it names no app's instance.
 */
export const answerChecks: NestInterceptor = {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const checks = context.switchToHttp().getResponse<Response>().locals[ANSWER_CHECKS_KEY] as
      | NestInterceptor
      | undefined;
    return checks ? (checks.intercept(context, next) as Observable<unknown>) : next.handle();
  },
};

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
  for (const { handler, routes } of routeHandlersOf(app)) {
    const mayNeed = routes.some(([method, path]) =>
      (method === 'ALL' ? ALL_METHODS : [method]).some((m) => routeMayNeedAnswerStep(m, path)),
    );
    if (!mayNeed) continue;
    const existing = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
    // Once per handler, whichever app of the process attached it first.
    if (!existing.includes(answerChecks))
      Reflect.defineMetadata(INTERCEPTORS_METADATA, [...existing, answerChecks], handler);
  }
}

/** Whether the handler's pipeline runs the answer checks (the guard's fail-closed check). */
export function hasAnswerChecks(handler: Handler): boolean {
  const interceptors = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined;
  return interceptors?.includes(answerChecks) ?? false;
}
