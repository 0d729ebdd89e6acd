import { Module } from '@nestjs/common';
import { ServiceClient } from '../services/service-client';
import { SummarizeController } from './summarize.controller';

/** The gateway's inference routes (`POST /api/v1/summarize`), forwarded to `inference.v1.summarize`. */
@Module({ controllers: [SummarizeController], providers: [ServiceClient] })
export class InferenceHttpModule {}
