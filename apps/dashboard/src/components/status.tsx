import type { ComponentChildren } from 'preact';
import { ApiError, messageOf } from '../api/client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}

/** An error as the API said it (code and message), with a way to try again. */
export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div class="error" role="alert">
      <strong>{forbidden ? 'Not allowed' : 'Something went wrong'}</strong>
      <span>{messageOf(error)}</span>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Shows what a resource holds: its data, or that it is loading, or its error. */
export function Loaded<T>(props: {
  resource: { data: T | undefined; error: unknown; loading: boolean; reload: () => void };
  children: (data: T) => ComponentChildren;
  label?: string;
}) {
  const { resource } = props;
  if (resource.data !== undefined) {
    return (
      <>
        {resource.error !== undefined && <ErrorBox error={resource.error} retry={resource.reload} />}
        {props.children(resource.data)}
      </>
    );
  }
  if (resource.error !== undefined) return <ErrorBox error={resource.error} retry={resource.reload} />;
  return <Loading label={props.label} />;
}
