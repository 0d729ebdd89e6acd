import { randomUUID } from 'node:crypto';

/** Time and ids, as ports so tests can fix them. */
export abstract class Clock {
  abstract now(): number;
}
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
export abstract class IdGenerator {
  abstract next(): string;
}
export class UuidGenerator extends IdGenerator {
  next(): string {
    return randomUUID();
  }
}
