import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { lastValueFrom, map, Observable, of } from 'rxjs';
import { chainInterceptors } from './chained-interceptors';

describe('chainInterceptors', () => {
  const context = {} as ExecutionContext;

  it('nests the interceptors in order around the handler, as separate slots would', async () => {
    const calls: string[] = [];
    const tagging = (name: string): NestInterceptor => ({
      intercept: (_c, next) => {
        calls.push(`in ${name}`);
        return next.handle().pipe(map((v) => `${name}(${String(v)})`));
      },
    });
    const next: CallHandler = {
      handle: () => {
        calls.push('handler');
        return of('answer');
      },
    };
    const answer = await lastValueFrom(
      chainInterceptors([tagging('a'), tagging('b')]).intercept(context, next) as Observable<unknown>,
    );
    expect(answer).toBe('a(b(answer))');
    expect(calls).toEqual(['in a', 'in b', 'handler']);
  });

  it('runs an inner interceptor in the async context the outer one set around handle()', async () => {
    const storage = new AsyncLocalStorage<string>();
    let seen: string | undefined;
    const outer: NestInterceptor = { intercept: (_c, next) => storage.run('span', () => next.handle()) };
    const inner: NestInterceptor = {
      intercept: (_c, next) => {
        seen = storage.getStore();
        return next.handle();
      },
    };
    await lastValueFrom(
      chainInterceptors([outer, inner]).intercept(context, { handle: () => of(1) }) as Observable<unknown>,
    );
    expect(seen).toBe('span');
  });

  it('takes an interceptor that answers a promise of an observable', async () => {
    const promised: NestInterceptor = { intercept: async (_c, next) => next.handle().pipe(map((v) => Number(v) + 1)) };
    const answer = await lastValueFrom(
      chainInterceptors([promised]).intercept(context, { handle: () => of(1) }) as Observable<unknown>,
    );
    expect(answer).toBe(2);
  });
});
