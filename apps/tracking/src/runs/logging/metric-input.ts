import { fromWireDouble, MetricDto } from '@llmops/contract';
import { Metric } from '../domain/run';

/** Wire metric (value may be 'NaN'/'Infinity', timestamp and step optional) to a domain metric. */
export function metricFromWire(dto: MetricDto, now: number): Metric {
  return { key: dto.key, value: fromWireDouble(dto.value), timestamp: dto.timestamp ?? now, step: dto.step ?? 0 };
}
