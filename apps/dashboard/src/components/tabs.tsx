import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface Tab {
  id: string;
  label: string;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Home/End jump, the panel follows the selection. */
export function Tabs(props: {
  tabs: Tab[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  children: ComponentChildren;
}) {
  const list = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    props.tabs.findIndex((t) => t.id === props.selected),
  );
  const focus = (i: number) => {
    const next = props.tabs[(i + props.tabs.length) % props.tabs.length];
    props.onSelect(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#tab-${next.id}`)?.focus();
  };
  return (
    <div class="tabs">
      <div
        role="tablist"
        aria-label={props.label}
        ref={list}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') focus(index + 1);
          else if (e.key === 'ArrowLeft') focus(index - 1);
          else if (e.key === 'Home') focus(0);
          else if (e.key === 'End') focus(props.tabs.length - 1);
          else return;
          e.preventDefault();
        }}
      >
        {props.tabs.map((t) => (
          <button
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            key={t.id}
            aria-selected={t.id === props.tabs[index].id}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === props.tabs[index].id ? 0 : -1}
            onClick={() => props.onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${props.tabs[index].id}`} aria-labelledby={`tab-${props.tabs[index].id}`}>
        {props.children}
      </div>
    </div>
  );
}
