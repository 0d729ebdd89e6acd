import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SUBJECTS, type ResolveModelUriResponse } from '@llmops/contract';
import { ServiceClient } from '../../services/service-client';

@ApiTags('registry')
@Controller('api/v1/models')
export class ModelsResolveController {
  constructor(private readonly services: ServiceClient) {}

  @Get('resolve')
  @ApiOperation({ summary: 'Resolve models:/name/version|stage, models:/name@alias or runs:/ to the packaged model' })
  @ApiQuery({ name: 'uri', required: true, example: 'models:/news-summarizer/Production' })
  resolve(@Query('uri') uri: unknown) {
    return this.services.call<ResolveModelUriResponse>(SUBJECTS.registry.models.resolve, { uri });
  }
}
