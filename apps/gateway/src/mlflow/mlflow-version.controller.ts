import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/**
 * The MLflow server version the API answers as (`GET /version`, plain text). MLflow 3 clients ask
 * it before sending spans over OTLP (they do from 3.4 on) and upload `traces.json` otherwise.
 */
export const MLFLOW_COMPATIBLE_VERSION = '3.6.0';

@ApiExcludeController()
@Controller()
export class MlflowVersionController {
  @Get('version')
  @Header('content-type', 'text/plain; charset=utf-8')
  version(): string {
    return MLFLOW_COMPATIBLE_VERSION;
  }
}
