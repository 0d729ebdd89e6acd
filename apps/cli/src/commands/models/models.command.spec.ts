import { GateRejectedError, ResourceNotFoundError, type GateDecisionView } from '@llmops/contract';
import { PlatformClient } from '../../client/platform-client';
import { runCli } from '../cli-harness';
import { failedChecks } from './models.view';
import { promote, PromotionRefused, rollback } from './models.command';

const decision: GateDecisionView = {
  passed: false,
  overridden: false,
  override_reason: null,
  model_uri: 'models:/m/2',
  evaluation_run_id: 'e1',
  policy: { min_rouge_l: 0.9 },
  champion: null,
  checks: [
    { check: 'policy', passed: true, actual: null, threshold: null, message: 'policy states min_rouge_l' },
    { check: 'evaluation', passed: true, actual: null, threshold: null, message: 'evaluation e1 of models:/m/2' },
    { check: 'min_rouge_l', passed: false, actual: 0.4, threshold: 0.9, message: 'ROUGE-L 0.4 < 0.9' },
  ],
  decided_at: 0,
};

/** A PlatformClient whose transition answers are scripted; records the bodies it was sent. */
function fakeClient(
  transition: (body: Record<string, unknown>) => Promise<unknown>,
  extra: Partial<PlatformClient> = {},
) {
  const bodies: Array<Record<string, unknown>> = [];
  const client = {
    transition: (_name: string, version: string, body: Record<string, unknown>) => {
      bodies.push({ version, ...body });
      return transition(body);
    },
    ...extra,
  } as unknown as PlatformClient;
  return { client, bodies };
}

describe('models promote', () => {
  const options = { stage: 'Production', gateMinRougeL: 0.9, evaluationRun: 'e1', archiveExisting: true };

  it('sends the gate policy and evaluation run, archiving the current Production', async () => {
    const { client, bodies } = fakeClient(async () => ({ model_version: { version: '2' }, gate_decision: null }));
    await promote(client, 'm', '2', options);
    expect(bodies).toEqual([
      {
        version: '2',
        stage: 'Production',
        archive_existing_versions: true,
        gate: { min_rouge_l: 0.9 },
        evaluation_run_id: 'e1',
      },
    ]);
  });

  it('on a refusal, asks for the decision as a dry run and lists the failed checks', async () => {
    const { client, bodies } = fakeClient(async (body) => {
      if (body.dry_run) return { model_version: { version: '2' }, gate_decision: decision, dry_run: true };
      throw new GateRejectedError('Promotion of models:/m/2 to Production refused by the gate: ROUGE-L 0.4 < 0.9');
    });
    const refused = await promote(client, 'm', '2', options).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PromotionRefused);
    expect((refused as PromotionRefused).failed).toEqual(['min_rouge_l: ROUGE-L 0.4 < 0.9']);
    expect((refused as PromotionRefused).decision).toEqual(decision);
    expect(bodies[1].dry_run).toBe(true);
  });

  it('falls back to the refusal message when the gateway cannot dry-run', () => {
    expect(
      failedChecks(
        null,
        'Promotion of models:/m/2 to Production refused by the gate: no evaluation; ROUGE-L 0.1 < 0.2',
      ),
    ).toEqual(['no evaluation', 'ROUGE-L 0.1 < 0.2']);
  });

  it('passes other errors through', async () => {
    const { client } = fakeClient(async () => {
      throw new ResourceNotFoundError('no such version');
    });
    await expect(promote(client, 'm', '9', options)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('models rollback', () => {
  it('moves the previous Production version back with an override that says it is a rollback', async () => {
    const { client, bodies } = fakeClient(
      async () => ({ model_version: { version: '1', current_stage: 'Production' } }),
      {
        listAllVersions: async () => [
          { name: 'm', version: '1', current_stage: 'Archived', source: 's' },
          { name: 'm', version: '2', current_stage: 'Production', source: 's' },
        ],
        historyEntries: async () => [
          { version: '1', action: 'stage_transition', to_stage: 'Production', timestamp: 1 },
          { version: '2', action: 'stage_transition', to_stage: 'Production', timestamp: 2 },
        ],
      } as unknown as Partial<PlatformClient>,
    );
    const result = await rollback(client, 'm', 'v2 summaries are truncated');
    expect(result.rolled_back_to).toBe('1');
    expect(result.rolled_back_from).toEqual(['2']);
    expect(bodies).toEqual([
      {
        version: '1',
        stage: 'Production',
        archive_existing_versions: true,
        reason: 'rollback: v2 summaries are truncated',
        override_reason: 'rollback from version 2 to version 1: v2 summaries are truncated',
      },
    ]);
  });
});

describe('CLI usage and input errors (no platform needed)', () => {
  it.each([
    [['runs', 'list'], 2, /^error: USAGE: required option '-e, --experiment <name\|id>' not specified\n$/],
    [['runs'], 2, /Usage: llmops runs/],
    [['models', 'promote', 'm'], 2, /^error: USAGE: missing required argument 'version'\n$/],
    [['models', 'promote', 'm', '1', '--gate-min-rouge-l', 'high'], 2, /must be a number/],
    [['models', 'rollback', 'm'], 2, /--reason/],
    [['models', 'history', 'm', '--at', 'yesterday'], 6, /^error: INVALID_PARAMETER_VALUE: --at 'yesterday' is not/],
    [['batch', 'watch', 'j', '--interval', '0'], 2, /positive integer/],
  ])('llmops %j exits %i', async (argv, code, stderr) => {
    const run = await runCli(argv, { env: { LLMOPS_GATEWAY: 'http://127.0.0.1:1' } });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(stderr);
    expect(run.stdout).toBe('');
  });

  it('prints help on stdout with exit 0', async () => {
    const run = await runCli(['models', 'promote', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--override-reason');
  });
});
