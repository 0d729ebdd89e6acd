import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/status';

/**
 * A page whose code is loaded when it is first shown (its own chunk: the first load carries only
 * the shell and the page asked for).
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  return function LazyPage(props: P) {
    const [, setReady] = useState(0);
    const [error, setError] = useState<unknown>(undefined);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((m) => {
        loaded = m.default;
      });
      pending.then(
        () => setReady((n) => n + 1),
        (e: unknown) => {
          pending = undefined;
          setError(e);
        },
      );
    }, []);
    if (error !== undefined) return <ErrorBox error={error} retry={() => window.location.reload()} />;
    if (!loaded) return <Loading />;
    const Page = loaded;
    return <Page {...props} />;
  };
}
