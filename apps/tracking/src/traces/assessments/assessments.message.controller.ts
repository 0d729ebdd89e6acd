import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssessmentIdRequest,
  AssessmentResponse,
  CreateAssessmentRequest,
  SUBJECTS,
  UpdateAssessmentRequest,
} from '@llmops/contract';
import { toAssessmentView } from '../trace-view.mapper';
import { AssessmentsHandler } from './assessments.handler';

const S = SUBJECTS.tracking.traces.assessments;

@Controller()
export class AssessmentsController {
  constructor(private readonly handler: AssessmentsHandler) {}

  @MessagePattern(S.create)
  async create(@Payload() request: CreateAssessmentRequest): Promise<AssessmentResponse> {
    return { assessment: toAssessmentView(await this.handler.create(request)) };
  }

  @MessagePattern(S.get)
  async get(@Payload() request: AssessmentIdRequest): Promise<AssessmentResponse> {
    return { assessment: toAssessmentView(await this.handler.get(request.trace_id, request.assessment_id)) };
  }

  @MessagePattern(S.update)
  async update(@Payload() request: UpdateAssessmentRequest): Promise<AssessmentResponse> {
    return { assessment: toAssessmentView(await this.handler.update(request)) };
  }

  @MessagePattern(S.delete)
  async delete(@Payload() request: AssessmentIdRequest): Promise<Record<string, never>> {
    await this.handler.delete(request.trace_id, request.assessment_id);
    return {};
  }
}
