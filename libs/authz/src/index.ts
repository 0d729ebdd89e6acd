export * from './caller';
export * from './caller.guard';
export * from './secrets';
export * from './visibility';
export * from './reserved-tags.guard';
