import { useEffect } from 'preact/hooks';

/** The window title names the page (and screen readers announce it). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · LLMOps`;
  }, [title]);
}
