import { DynamicModule, Module, Type } from '@nestjs/common';
import { MessagingModule, TransportConfig } from '@llmops/messaging';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { HealthController } from '../health/health.controller';
import { ServicesHealthController } from '../health/services-health.controller';
import { ReplicaRegistry } from '../health/replica-registry';
import { ReadinessService } from '../health/readiness.service';
import { HttpMetrics } from '../observability/http-metrics';
import { MetricsController } from '../observability/metrics.controller';
import { ServiceClient } from '../services/service-client';
import { GATEWAY_CONTROLLERS, GATEWAY_PROVIDERS } from './routes';
import { InferenceHttpModule } from '../inference/inference-http.module';
import { RegistryHttpModule } from '../registry/registry-http.module';
import { BatchHttpModule } from '../batch/batch-http.module';
import { AuthHttpModule } from '../auth';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, transport: TransportConfig, metrics: HttpMetrics): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        MessagingModule.forRoot({
          ...transport,
          requestTimeoutMs: transport.requestTimeoutMs ?? config.REQUEST_TIMEOUT_MS,
        }),
        InferenceHttpModule,
        RegistryHttpModule,
        BatchHttpModule.forRoot(config),
        AuthHttpModule.forRoot(config),
      ],
      controllers: [
        HealthController,
        ServicesHealthController,
        MetricsController,
        ...(GATEWAY_CONTROLLERS as Type<unknown>[]),
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: HttpMetrics, useValue: metrics },
        ServiceClient,
        ReadinessService,
        ReplicaRegistry,
        ...GATEWAY_PROVIDERS,
      ],
    };
  }
}
