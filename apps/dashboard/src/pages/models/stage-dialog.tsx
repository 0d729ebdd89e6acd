import { useEffect, useState } from 'preact/hooks';
import { api, data, messageOf, type RequestBody, type Schemas } from '../../api/client';
import { Dialog } from '../../components/dialog';
import { GateChecks } from './gate-checks';

export type StageAction =
  | { kind: 'promote' }
  | { kind: 'rollback'; to: string; from: string[] }
  | { kind: 'stage'; stage: 'Staging' | 'Archived' };

type Policy = Schemas['PromotionGatePolicy'];
type TransitionBody = RequestBody<'/api/v1/registered-models/{name}/versions/{version}/stage', 'post'>;

const POLICY_FIELDS: Array<{ key: keyof Policy; label: string; step: string }> = [
  { key: 'min_rouge_l', label: 'Minimum ROUGE-L', step: '0.01' },
  { key: 'min_rouge_2', label: 'Minimum ROUGE-2', step: '0.01' },
  { key: 'max_latency_p95_ms', label: 'Maximum p95 latency (ms)', step: '1' },
  { key: 'max_failure_rate', label: 'Maximum failure rate', step: '0.01' },
  { key: 'max_regression_vs_champion', label: 'Maximum ROUGE-L regression vs champion', step: '0.005' },
];

/**
 * A stage change, always with a reason (it goes into the history and the audit log). A promotion
 * first asks the registry for the gate's verdict (a dry run) and shows each check; it then
 * promotes, or, when the gate refuses, offers an override, which the history records as one.
 */
export function StageDialog(props: {
  model: string;
  version: Schemas['ModelVersionView'];
  action: StageAction;
  evaluationRunId: string | null;
  policy: Policy | null;
  /** The model's gate policy as the registry keeps it (null while unknown). */
  stored: Schemas['GatePolicyResponse'] | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { action } = props;
  const [reason, setReason] = useState('');
  const [policy, setPolicy] = useState<Policy>(props.stored?.policy ?? props.policy ?? {});
  // The stored policy may arrive after the dialog opened: it is what the gate applies, so show it.
  useEffect(() => {
    if (props.stored?.policy) setPolicy(props.stored.policy);
  }, [props.stored]);
  const [verdict, setVerdict] = useState<Schemas['GateDecisionView'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = action.kind === 'rollback' ? action.to : props.version.version;
  const title =
    action.kind === 'promote'
      ? `Promote v${target} to Production`
      : action.kind === 'rollback'
        ? `Roll back ${props.model} to v${target}`
        : `Move v${target} to ${action.stage}`;

  const transition = (body: TransitionBody) =>
    data(
      api.POST('/api/v1/registered-models/{name}/versions/{version}/stage', {
        params: { path: { name: props.model, version: target } },
        body,
      }),
    );
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const gateBody = () => ({
    stage: 'Production',
    gate: cleanPolicy(policy),
    ...(props.evaluationRunId ? { evaluation_run_id: props.evaluationRunId } : {}),
  });
  const checkGate = () =>
    run(async () => {
      const answer = await transition({ ...gateBody(), dry_run: true });
      setVerdict(answer.gate_decision);
    });
  const needReason = reason.trim() === '';
  const submit = (kind: 'promote' | 'override' | 'rollback' | 'stage') =>
    run(async () => {
      if (kind === 'promote') {
        await transition({ ...gateBody(), archive_existing_versions: true, reason: reason.trim() });
      } else if (kind === 'override') {
        await transition({ ...gateBody(), archive_existing_versions: true, override_reason: reason.trim() });
      } else if (kind === 'rollback') {
        await transition({ stage: 'Production', archive_existing_versions: true, override_reason: reason.trim() });
      } else if (action.kind === 'stage') {
        await transition({ stage: action.stage, reason: reason.trim() });
      }
      props.onDone();
    });

  return (
    <Dialog title={title} onClose={props.onClose}>
      <form
        onSubmit={(e) => {
          // Enter in a field does what the primary button does (the buttons handle their clicks).
          e.preventDefault();
          if (busy) return;
          if (action.kind === 'rollback' && !needReason) void submit('rollback');
          else if (action.kind === 'stage' && !needReason) void submit('stage');
          else if (action.kind === 'promote' && !verdict) void checkGate();
          else if (action.kind === 'promote' && verdict?.passed && !needReason) void submit('promote');
        }}
      >
        {action.kind === 'rollback' && (
          <p>
            v{action.from.join(', v')} leaves Production and v{action.to} comes back. A rollback does not ask the gate:
            it is recorded as an override with your reason.
          </p>
        )}
        {action.kind === 'promote' && (
          <>
            <p>
              Evaluation:{' '}
              {props.evaluationRunId ? (
                <code>{props.evaluationRunId}</code>
              ) : (
                <strong>none: the gate will refuse unless you override it</strong>
              )}
            </p>
            <fieldset>
              <legend>Gate policy {legendOf(props.stored, props.policy)}</legend>
              {props.stored?.policy && (
                <p class="muted" data-testid="stored-policy">
                  Stored for {props.model}
                  {props.stored.source === 'default' ? " (the registry's default)" : ''}:{' '}
                  {Object.entries(props.stored.policy)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')}
                  . Every promotion meets it, MLflow clients&apos; too; values here can only make it stricter.
                </p>
              )}
              <div class="policy-grid">
                {POLICY_FIELDS.map((f) => (
                  <label key={f.key}>
                    {f.label}
                    <input
                      type="number"
                      step={f.step}
                      min="0"
                      value={policy[f.key] ?? ''}
                      onInput={(e) => {
                        const value = e.currentTarget.value;
                        setPolicy((p) => ({ ...p, [f.key]: value === '' ? undefined : Number(value) }));
                        setVerdict(null);
                      }}
                    />
                  </label>
                ))}
              </div>
            </fieldset>
          </>
        )}
        <label for="stage-reason">
          Reason (kept in the history{action.kind !== 'stage' ? ' and the audit log' : ''})
        </label>
        <textarea
          id="stage-reason"
          required
          rows={3}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          placeholder="Why this change?"
        />
        {verdict && (
          <div class="verdict" role="status">
            <p>
              The gate {verdict.passed ? <span class="chip ok">passes</span> : <span class="chip bad">refuses</span>} v
              {target}
              {verdict.champion ? ` (champion v${verdict.champion.version})` : ''}.
            </p>
            <GateChecks decision={verdict} />
          </div>
        )}
        {error && (
          <p class="error-text" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          {action.kind === 'promote' && !verdict && (
            <button type="button" class="primary" disabled={busy} onClick={() => void checkGate()}>
              Check the gate
            </button>
          )}
          {action.kind === 'promote' && verdict?.passed && (
            <button type="button" class="primary" disabled={busy || needReason} onClick={() => void submit('promote')}>
              Promote v{target}
            </button>
          )}
          {action.kind === 'promote' && verdict && !verdict.passed && (
            <button type="button" class="danger" disabled={busy || needReason} onClick={() => void submit('override')}>
              Override the gate and promote
            </button>
          )}
          {action.kind === 'rollback' && (
            <button type="button" class="danger" disabled={busy || needReason} onClick={() => void submit('rollback')}>
              Roll back to v{target}
            </button>
          )}
          {action.kind === 'stage' && (
            <button type="button" class="primary" disabled={busy || needReason} onClick={() => void submit('stage')}>
              Move to {action.stage}
            </button>
          )}
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function cleanPolicy(policy: Policy): Policy {
  return Object.fromEntries(
    Object.entries(policy).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)),
  ) as Policy;
}

/** Where the form's thresholds come from. */
function legendOf(stored: Schemas['GatePolicyResponse'] | null, last: Policy | null): string {
  if (stored?.source === 'model') return `(stored for this model${stored.user_id ? ` by ${stored.user_id}` : ''})`;
  if (stored?.source === 'default') return "(the registry's default)";
  return last ? '(as the last promotion used it; none stored)' : '(none stored)';
}
