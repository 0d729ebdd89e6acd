import { ResourceNotFoundError } from '@llmops/contract';
import { isWellFormedRunId } from '../shared/validation';
import { Run, RunInfo } from './domain/run';
import { RunRepository } from './domain/run.repository';

function notFound(runId: string): ResourceNotFoundError {
  return new ResourceNotFoundError(`Run with id=${runId} not found`);
}

/** The run's info, or RESOURCE_DOES_NOT_EXIST (also for ids that are not 32 hex characters). */
export async function requireRunInfo(
  repo: RunRepository,
  runId: string,
  options?: { lock?: boolean; shared?: boolean },
): Promise<RunInfo> {
  const info = isWellFormedRunId(runId) ? await repo.findInfo(runId, options) : null;
  if (!info) throw notFound(runId);
  return info;
}

export async function requireRun(repo: RunRepository, runId: string): Promise<Run> {
  const run = isWellFormedRunId(runId) ? await repo.findRun(runId) : null;
  if (!run) throw notFound(runId);
  return run;
}
