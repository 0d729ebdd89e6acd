/** What the launcher and the tests need to run the gateway. */
export { createGatewayApp, GatewayAppOptions } from './app/create-gateway-app';
export { GatewayConfig, gatewayConfigWith } from './gateway.config';
export { HTTP_STATUS_OF_CODE, httpStatusOf } from './http/error-status';
export { RequestLogEntry, RequestLogSink, silentRequestLog, stdoutRequestLog } from './observability/request-log';
