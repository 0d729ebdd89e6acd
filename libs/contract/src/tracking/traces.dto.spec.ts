import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SUBJECTS } from '../subjects';
import { IngestOtlpRequest } from './traces.dto';

const validate = (plain: unknown) => {
  const instance = plainToInstance(IngestOtlpRequest, plain);
  return { instance, errors: validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }) };
};

describe('traces contract', () => {
  it('names the OTLP ingestion subject once', () => {
    expect(SUBJECTS.tracking.traces.ingestOtlp).toBe('tracking.v1.traces.ingest-otlp');
  });

  it('carries an OTLP/JSON export request untouched through validation', () => {
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'inference' } }] },
          scopeSpans: [
            {
              scope: { name: 'llmops' },
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'summarize',
                  kind: 2,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000500000000',
                  attributes: [{ key: 'n', value: { intValue: '3' } }],
                  status: { code: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    const { instance, errors } = validate({ experimentId: '7', request });
    expect(errors).toEqual([]);
    expect(instance.request).toEqual(request);
  });

  it('refuses a missing request, a non-object request, an empty experiment id and stray fields', () => {
    expect(validate({}).errors.map((e) => e.property)).toEqual(['request']);
    expect(validate({ request: 'spans' }).errors.map((e) => e.property)).toEqual(['request']);
    expect(validate({ request: {}, experimentId: '' }).errors.map((e) => e.property)).toEqual(['experimentId']);
    expect(validate({ request: {}, run: 'x' }).errors.map((e) => e.property)).toEqual(['run']);
  });
});
