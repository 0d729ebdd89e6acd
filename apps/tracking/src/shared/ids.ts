import { randomBytes, randomInt } from 'node:crypto';

/** 32 lowercase hex characters, as MLflow's run ids. */
export function newRunId(): string {
  return randomBytes(16).toString('hex');
}

const ADJECTIVES = [
  'bold',
  'calm',
  'clever',
  'eager',
  'fast',
  'gentle',
  'keen',
  'lucky',
  'merry',
  'quiet',
  'sharp',
  'witty',
];
const NOUNS = ['ant', 'bat', 'crab', 'deer', 'eel', 'finch', 'gull', 'hare', 'ibis', 'lynx', 'mole', 'owl'];

/** MLflow-style `adjective-animal-123` when the caller gives no run name. */
export function randomRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}
