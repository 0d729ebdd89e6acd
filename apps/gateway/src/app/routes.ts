import { Provider, Type } from '@nestjs/common';

/** Every HTTP route group of the gateway, one controller per resource. */
export const GATEWAY_CONTROLLERS: Type<unknown>[] = [];

export const GATEWAY_PROVIDERS: Provider[] = [];
