import { LogBatchRequest, SearchRunsRequest } from '@llmops/contract';
import { schemaOf } from './openapi-schema';

describe('OpenAPI schemas from contract DTOs', () => {
  it("reads types, required fields, enums and nested DTOs from the DTO's validators", () => {
    const batch = schemaOf(LogBatchRequest, ['run_id']);
    expect(batch.required).toBeUndefined();
    expect(Object.keys(batch.properties ?? {}).sort()).toEqual(['metrics', 'params', 'tags']);
    const metrics = (batch.properties as any).metrics;
    expect(metrics.type).toBe('array');
    expect(metrics.items.required).toEqual(expect.arrayContaining(['key', 'value']));
    expect(metrics.items.properties.step.type).toBe('integer');

    const search = schemaOf(SearchRunsRequest) as any;
    expect(search.required).toEqual(['experiment_ids']);
    expect(search.properties.experiment_ids).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(search.properties.run_view_type.enum).toEqual(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']);
  });
});
