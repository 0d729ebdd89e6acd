import { ANONYMOUS } from './registry.model';

/**
 * The acting user from the caller header (JSON of the gateway's caller identity `{user, roles}`, or
 * a bare name).
 * The registry records it; authentication is the gateway's business.
 */
export function callerName(header: string | undefined): string {
  if (!header || header.trim() === '') return ANONYMOUS;
  try {
    const parsed: unknown = JSON.parse(header);
    if (typeof parsed === 'string' && parsed.trim() !== '') return parsed;
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      for (const key of ['user', 'user_id', 'userId', 'username', 'name', 'id', 'sub', 'subject']) {
        if (typeof o[key] === 'string' && (o[key] as string).trim() !== '') return o[key] as string;
      }
    }
    return ANONYMOUS;
  } catch {
    return header.trim();
  }
}
