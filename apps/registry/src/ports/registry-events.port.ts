/** Publishes registry events to every subscriber; best effort (the change is already committed). */
export abstract class RegistryEvents {
  abstract publish(subject: string, payload: object): Promise<void>;
}
