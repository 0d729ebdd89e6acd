import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { InProcessBus } from '@llmops/messaging';
import { ErrorCode } from '@llmops/contract';
import { createGatewayApp } from '../app/create-gateway-app';
import { mergedFields, requestFields } from './request-fields';

describe('requestFields', () => {
  it('reads the query on GET/HEAD, the body on POST/PUT/PATCH, both on DELETE', () => {
    const query = { run_id: 'q' };
    const body = { run_id: 'b' };
    expect(requestFields('GET', query, body)).toBe(query);
    expect(requestFields('HEAD', query, undefined)).toBe(query);
    expect(requestFields('POST', query, body)).toBe(body);
    expect(requestFields('PATCH', query, undefined)).toEqual({});
    expect(requestFields('DELETE', { name: 'n' }, { alias: 'a' })).toEqual({ name: 'n', alias: 'a' });
  });

  it('refuses a DELETE field the query and the body give differently, and a body that is not an object', () => {
    expect(mergedFields({ name: 'n' }, { name: 'n' })).toEqual({ name: 'n' });
    for (const body of [{ name: 'other' }, { name: null }, { name: ['n'] }]) {
      expect(() => mergedFields({ name: 'n' }, body)).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE }),
      );
    }
    expect(() => requestFields('POST', {}, ['x'])).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE }),
    );
  });
});

/** Handlers that may take the raw request: streamed uploads, which read headers and the byte stream only. */
const RAW_REQUEST_ALLOWED = new Set([
  'ArtifactsController.upload',
  'MlflowArtifactsController.upload',
  'DatasetsController.upload',
  'MlflowMultipartController.uploadPart',
  // OTLP export: a protobuf byte stream (or the parsed OTLP/JSON body); the experiment the policy
  // checks is read with @Headers, as the policy reads it.
  'OtlpTracesController.export',
]);

describe('every handler reads the fields the route policy decides on', () => {
  it('GET handlers read no body, POST/PUT/PATCH handlers no query, DELETE handlers with a body merge the query', async () => {
    const app = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on' },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
    try {
      const controllers = new Set<Type<unknown>>();
      for (const module of app.get(ModulesContainer).values()) {
        for (const wrapper of module.controllers.values()) controllers.add(wrapper.metatype as Type<unknown>);
      }
      const offences: string[] = [];
      let handlers = 0;
      for (const controller of controllers) {
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          handlers++;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
          const args = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}).map(
            (key) => Number(key.split(':')[0]) as RouteParamtypes,
          );
          const reads = (type: RouteParamtypes) => args.includes(type);
          const where = `${controller.name}.${name} (${RequestMethod[method]})`;
          if (reads(RouteParamtypes.REQUEST) && !RAW_REQUEST_ALLOWED.has(`${controller.name}.${name}`))
            offences.push(`${where} takes the raw request`);
          if ((method === RequestMethod.GET || method === RequestMethod.HEAD) && reads(RouteParamtypes.BODY))
            offences.push(`${where} reads a body`);
          if (
            (method === RequestMethod.POST || method === RequestMethod.PUT || method === RequestMethod.PATCH) &&
            reads(RouteParamtypes.QUERY)
          )
            offences.push(`${where} reads the query`);
          if (method === RequestMethod.DELETE && reads(RouteParamtypes.BODY) && !reads(RouteParamtypes.QUERY))
            offences.push(`${where} reads the body without the query (the policy reads both)`);
          if (method === RequestMethod.ALL) offences.push(`${where} serves every method`);
        }
      }
      expect(handlers).toBeGreaterThan(80);
      expect(offences).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
