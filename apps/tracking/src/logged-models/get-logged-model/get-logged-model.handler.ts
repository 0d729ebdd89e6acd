import { Injectable } from '@nestjs/common';
import { TrackingStore } from '../../store/tracking-store';
import { LoggedModel } from '../domain/logged-model';
import { requireLoggedModel } from '../logged-model-lookup';

@Injectable()
export class GetLoggedModelHandler {
  constructor(private readonly store: TrackingStore) {}

  execute(modelId: string): Promise<LoggedModel> {
    return this.store.transaction(({ loggedModels }) => requireLoggedModel(loggedModels, modelId));
  }
}
