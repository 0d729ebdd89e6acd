import { hostname } from 'node:os';

export function replicaName(): string {
  return `${hostname()}:${process.pid}`;
}
