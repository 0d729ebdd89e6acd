import type { Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { formatNumber } from '../../lib/format';

const CHECK_LABELS: Record<string, string> = {
  policy: 'a gate policy is set',
  evaluation: 'an evaluation of this version',
  min_rouge_l: 'ROUGE-L at least',
  min_rouge_2: 'ROUGE-2 at least',
  max_latency_p95_ms: 'p95 latency (ms) at most',
  max_failure_rate: 'failure rate at most',
  max_regression_vs_champion: 'ROUGE-L below the champion by at most',
};

/** Each check of a gate decision: what was required, what the version had, passed or not. */
export function GateChecks({ decision }: { decision: Schemas['GateDecisionView'] }) {
  return (
    <DataTable
      caption={`Gate checks (${decision.checks.filter((c) => c.passed).length} of ${decision.checks.length} passed)`}
      columns={[
        {
          key: 'passed',
          header: 'Result',
          cell: (c) => (c.passed ? <span class="chip ok">pass</span> : <span class="chip bad">fail</span>),
        },
        { key: 'check', header: 'Check', cell: (c) => CHECK_LABELS[c.check] ?? c.check },
        { key: 'threshold', header: 'Threshold', numeric: true, cell: (c) => formatNumber(c.threshold) },
        { key: 'actual', header: 'Actual', numeric: true, cell: (c) => formatNumber(c.actual) },
        { key: 'message', header: 'Detail', cell: (c) => <span class="wrap">{c.message}</span> },
      ]}
      rows={decision.checks}
      rowKey={(c) => c.check}
    />
  );
}
