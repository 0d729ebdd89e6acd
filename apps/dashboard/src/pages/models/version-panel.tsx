import { useState } from 'preact/hooks';
import { api, data, type Schemas } from '../../api/client';
import { Empty, Loaded } from '../../components/status';
import { formatNumber, formatPercent, formatTime } from '../../lib/format';
import { Link, seg } from '../../lib/router';
import { searchKey } from '../../lib/runs';
import { hasRole, useSession } from '../../lib/session';
import { useResource } from '../../lib/use-resource';
import { PredictionsTable } from '../run/predictions-table';
import { GateChecks } from './gate-checks';
import { StageDialog, StageAction } from './stage-dialog';
import { gateDecisionOf, rollbackTarget } from './timeline-model';

type Version = Schemas['ModelVersionView'];
type Entry = Schemas['HistoryEntryView'];

const EVALUATION_TAG = 'llmops.evaluation.model_version';

/** The latest evaluation run of a version, from the model's evaluation experiment. */
async function latestEvaluation(name: string, version: string): Promise<Schemas['RunView'] | null> {
  const experiment = await data(
    api.GET('/api/v1/experiments/by-name/{name}', { params: { path: { name: `${name}-evaluation` } } }),
  ).catch((error: unknown) => {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  });
  if (!experiment) return null;
  const found = await data(
    api.POST('/api/v1/runs/search', {
      body: {
        experiment_ids: [experiment.experiment.experiment_id],
        filter: `${searchKey('tags', EVALUATION_TAG)} = '${version}'`,
        order_by: ['attributes.start_time DESC'],
        max_results: 1,
      },
    }),
  );
  return found.runs[0] ?? null;
}

/** A version's evidence (its evaluation and the gate's verdicts) and what the caller may do with it. */
export function VersionPanel(props: {
  model: Schemas['RegisteredModelView'];
  version: Version;
  versions: Version[];
  history: Entry[];
  onChanged: () => void;
}) {
  const { model, version, history } = props;
  const session = useSession();
  const [action, setAction] = useState<StageAction | null>(null);
  const evaluation = useResource(() => latestEvaluation(model.name, version.version), [model.name, version.version]);
  // The policy every promotion of this model is decided by (MLflow clients' too).
  const gatePolicy = useResource(
    () => data(api.GET('/api/v1/registered-models/{name}/gate-policy', { params: { path: { name: model.name } } })),
    [model.name],
  );
  const decisions = history
    .filter((e) => e.version === version.version && gateDecisionOf(e) !== null)
    .map((e) => ({ entry: e, decision: gateDecisionOf(e)! }));
  const lastPolicy = [...history]
    .reverse()
    .map(gateDecisionOf)
    .find((d) => d !== null)?.policy;
  const isProduction = version.current_stage === 'Production';
  const rollback = isProduction ? rollbackTarget(props.versions, history) : null;
  const canDevelop = hasRole(session, 'developer');
  const canApprove = hasRole(session, 'approver');

  return (
    <section class="panel" aria-labelledby="version-title">
      <h2 id="version-title">
        Version {version.version}{' '}
        <span class={`chip stage-${version.current_stage.toLowerCase()}`}>{version.current_stage}</span>
      </h2>
      <dl class="facts">
        <div>
          <dt>Source</dt>
          <dd>
            <code class="wrap">{version.source}</code>
          </dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>
            {formatTime(version.creation_timestamp)} by {version.user_id || '—'}
          </dd>
        </div>
        <div>
          <dt>Run</dt>
          <dd>{version.run_id ? <Link href={`/runs/${seg(version.run_id)}`}>{version.run_id}</Link> : '—'}</dd>
        </div>
      </dl>

      <div class="actions" role="group" aria-label={`Actions on version ${version.version}`}>
        {canApprove && !isProduction && (
          <button type="button" class="primary" onClick={() => setAction({ kind: 'promote' })}>
            Promote to Production…
          </button>
        )}
        {canApprove && rollback && (
          <button type="button" onClick={() => setAction({ kind: 'rollback', to: rollback.to, from: rollback.from })}>
            Roll back to v{rollback.to}…
          </button>
        )}
        {canDevelop && version.current_stage !== 'Staging' && !isProduction && (
          <button type="button" onClick={() => setAction({ kind: 'stage', stage: 'Staging' })}>
            Move to Staging…
          </button>
        )}
        {version.current_stage !== 'Archived' && (isProduction ? canApprove : canDevelop) && (
          <button type="button" onClick={() => setAction({ kind: 'stage', stage: 'Archived' })}>
            Archive…
          </button>
        )}
        {!canDevelop && <p class="muted">Your role ({session.roles.join(', ')}) may look, not change stages.</p>}
      </div>
      {action && (
        <StageDialog
          model={model.name}
          version={version}
          action={action}
          evaluationRunId={evaluation.data?.info.run_id ?? null}
          policy={lastPolicy ?? null}
          stored={gatePolicy.data ?? null}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            props.onChanged();
          }}
        />
      )}

      <h3>Evaluation</h3>
      <Loaded resource={evaluation} label="Looking for its evaluation…">
        {(run) => (run ? <Evaluation run={run} /> : <Empty>Version {version.version} has not been evaluated.</Empty>)}
      </Loaded>

      <h3>Gate verdicts</h3>
      {decisions.length === 0 ? (
        <Empty>
          No gate decision is recorded for v{version.version} (the registry records one when a version is promoted or
          the gate is overridden).{canApprove ? ' “Promote to Production…” checks it against the gate first.' : ''}
        </Empty>
      ) : (
        decisions.map(({ entry, decision }) => (
          <div key={entry.id} class="verdict">
            <p>
              {formatTime(entry.timestamp)} by {entry.user_id}:{' '}
              {decision.overridden ? (
                <span class="chip warn">gate overridden</span>
              ) : decision.passed ? (
                <span class="chip ok">gate passed</span>
              ) : (
                <span class="chip bad">gate failed</span>
              )}{' '}
              {decision.override_reason && <em>“{decision.override_reason}”</em>}
            </p>
            <GateChecks decision={decision} />
          </div>
        ))
      )}
    </section>
  );
}

function Evaluation({ run }: { run: Schemas['RunView'] }) {
  const metric = (key: string) => run.data.metrics.find((m) => m.key === key)?.value;
  const rate = metric('failure_rate');
  return (
    <>
      <p>
        Run <Link href={`/runs/${seg(run.info.run_id)}`}>{run.info.run_name || run.info.run_id}</Link> on{' '}
        {formatTime(run.info.start_time)}, {formatNumber(metric('articles'))} articles.
      </p>
      <dl class="figures">
        {[
          ['ROUGE-1', formatNumber(metric('rouge1'), 4)],
          ['ROUGE-2', formatNumber(metric('rouge2'), 4)],
          ['ROUGE-L', formatNumber(metric('rougeL'), 4)],
          ['ROUGE-Lsum', formatNumber(metric('rougeLsum'), 4)],
          ['latency p50', `${formatNumber(metric('latency_p50_ms'), 1)} ms`],
          ['latency p95', `${formatNumber(metric('latency_p95_ms'), 1)} ms`],
          ['failure rate', formatPercent(typeof rate === 'number' ? rate : null)],
        ].map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <details>
        <summary>Per-article results</summary>
        <PredictionsTable runId={run.info.run_id} />
      </details>
    </>
  );
}
