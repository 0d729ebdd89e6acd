import { formatTime } from '../../lib/format';
import type { Lane, Segment } from './timeline-model';

const ROW = 22;
const LABEL = 110;
const WIDTH = 1200;

/** Stage and alias lanes over time; each bar is a version holding the lane (keyboard-focusable). */
export function Timeline(props: {
  lanes: Lane[];
  segments: Segment[];
  from: number;
  to: number;
  marker?: number | null;
  onPick?: (version: string) => void;
}) {
  const span = Math.max(1, props.to - props.from);
  const x = (t: number) =>
    LABEL + ((Math.min(Math.max(t, props.from), props.to) - props.from) / span) * (WIDTH - LABEL - 8);
  let y = 4;
  const laneTop = new Map<string, number>();
  for (const lane of props.lanes) {
    laneTop.set(lane.id, y);
    y += lane.rows * ROW + 8;
  }
  const height = y + 18;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => props.from + f * span);
  return (
    <div class="timeline-wrap">
      <svg
        class="timeline"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="group"
        aria-label="Stage and alias history: which version held each stage and alias over time"
      >
        {props.lanes.map((lane) => (
          <g key={lane.id}>
            <text x={4} y={laneTop.get(lane.id)! + ROW / 2 + 4} class="lane-label">
              {lane.label}
            </text>
            <line
              x1={LABEL}
              x2={WIDTH - 8}
              y1={laneTop.get(lane.id)! + lane.rows * ROW + 4}
              y2={laneTop.get(lane.id)! + lane.rows * ROW + 4}
              class="lane-rule"
            />
          </g>
        ))}
        {props.segments.map((s, i) => {
          const top = laneTop.get(s.lane);
          if (top === undefined) return null;
          const x1 = x(s.start);
          const x2 = Math.max(x1 + 3, x(s.end ?? props.to));
          const label = `v${s.version} ${s.lane.startsWith('alias:') ? `as @${s.lane.slice(6)}` : `in ${s.lane.slice(6)}`} from ${formatTime(s.start)} ${s.end === null ? 'until now' : `to ${formatTime(s.end)}`}`;
          return (
            <g
              key={i}
              class={`segment v-${Number(s.version) % 8}`}
              tabIndex={0}
              role="button"
              aria-label={label}
              onClick={() => props.onPick?.(s.version)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  props.onPick?.(s.version);
                }
              }}
            >
              <title>{label}</title>
              <rect x={x1} y={top + s.row * ROW} width={x2 - x1} height={ROW - 4} rx={3} />
              {x2 - x1 > 26 && (
                <text x={x1 + 4} y={top + s.row * ROW + ROW / 2 + 2} class="segment-label">
                  v{s.version}
                </text>
              )}
            </g>
          );
        })}
        {props.marker !== null && props.marker !== undefined && props.marker >= props.from && (
          <line x1={x(props.marker)} x2={x(props.marker)} y1={0} y2={height - 16} class="marker" />
        )}
        {ticks.map((t, i) => (
          <text
            key={i}
            x={x(t)}
            y={height - 4}
            class="tick"
            text-anchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}
          >
            {formatTime(t).slice(5, 16)}
          </text>
        ))}
      </svg>
    </div>
  );
}
